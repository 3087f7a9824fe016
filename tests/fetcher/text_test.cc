#include <doctest/doctest.h>

#include "fetcher/text.h"

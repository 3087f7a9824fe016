#include "fetcher/text.h"

#include <doctest/doctest.h>

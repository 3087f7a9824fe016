#include <doctest/doctest.h>

#include "fetcher/source_format.h"

#include <doctest/doctest.h>

#include "fetcher/api_parser.h"

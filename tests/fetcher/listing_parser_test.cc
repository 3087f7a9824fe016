#include <doctest/doctest.h>

#include "fetcher/listing_parser.h"

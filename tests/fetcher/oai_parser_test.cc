#include <doctest/doctest.h>

#include "fetcher/oai_parser.h"

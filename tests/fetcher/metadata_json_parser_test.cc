#include <doctest/doctest.h>

#include "fetcher/metadata_json_parser.h"

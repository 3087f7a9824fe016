#include "fetcher/listing_parser.h"

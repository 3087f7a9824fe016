#include "fetcher/metadata_json_parser.h"

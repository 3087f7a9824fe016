#include "fetcher/api_parser.h"

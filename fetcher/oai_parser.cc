#include "fetcher/oai_parser.h"

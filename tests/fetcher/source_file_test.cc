#include <doctest/doctest.h>

#include "fetcher/source_file.h"

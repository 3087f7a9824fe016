#include <doctest/doctest.h>

#include "fetcher/paper.h"

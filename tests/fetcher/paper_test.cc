#include "fetcher/paper.h"

#include <doctest/doctest.h>

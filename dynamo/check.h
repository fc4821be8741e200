// Always-on assertions for the node logic. dynamo/ may not include sim/, so it has its own
// macro; a failed DYNAMO_CHECK prints file:line and the message, then aborts.
#pragma once

#include <cstdio>
#include <cstdlib>

#define DYNAMO_CHECK(condition, message)                                               \
  do {                                                                                 \
    if (!(condition)) [[unlikely]] {                                                   \
      std::fprintf(stderr, "%s:%d: check failed: %s: %s\n", __FILE__, __LINE__,        \
                   #condition, message);                                               \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

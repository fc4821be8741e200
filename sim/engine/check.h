// Always-on assertions for the engine (kept in release builds, as TigerBeetle does).
// A failed SIM_CHECK is a programmer error: it prints file:line and the message, then aborts.
// Protocol outcomes (timeouts, lost messages) are never checks.
#pragma once

#include <cstdio>
#include <cstdlib>

#define SIM_CHECK(condition, message)                                                  \
  do {                                                                                 \
    if (!(condition)) [[unlikely]] {                                                   \
      std::fprintf(stderr, "%s:%d: check failed: %s: %s\n", __FILE__, __LINE__,        \
                   #condition, message);                                               \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

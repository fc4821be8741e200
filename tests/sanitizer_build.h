// kUnderSanitizers: whether this test binary was compiled with AddressSanitizer or
// UndefinedBehaviorSanitizer (tools/build sanitize). Long sweeps and full-length runs use it to run
// fewer seeds there: the debug build runs them in full, and the sanitizer build's job is to run
// every code path under the sanitizers, which a shorter sweep does as well.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define DYNAMO_SIM_UNDER_SANITIZERS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define DYNAMO_SIM_UNDER_SANITIZERS 1
#endif
#endif

namespace sim::testing {
#ifdef DYNAMO_SIM_UNDER_SANITIZERS
inline constexpr bool kUnderSanitizers = true;
#else
inline constexpr bool kUnderSanitizers = false;
#endif
}  // namespace sim::testing

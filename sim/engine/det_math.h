// exp, log, log1p and pow computed by the simulator itself, for everything that can reach the
// trace and its digest (the latency samplers, open-loop arrival gaps, the Zipf key table).
//
// Why not <cmath>: the C library's exp/log/pow are not correctly rounded, so glibc versions,
// musl, macOS's libm, and compilers folding a call with a constant argument at build time may
// each return a different last bit. One ulp in a sampled delay can round to another microsecond,
// reorder two events and change the digest. These functions use only IEEE-754 basic operations
// (+ - * /, correctly rounded on every IEEE-754 machine), operations that are exact by definition
// (frexp, ldexp, floor) and a fixed evaluation order, so they return the same bits on every
// compiler and C library. The build passes -ffp-contract=off (CMakeLists.txt) so that neither g++
// nor clang++ fuses a * b + c into one FMA instruction; fast-math is refused at compile time.
//
// Method: range reduction by powers of two, then series evaluated in double-double arithmetic
// (about 100 bits; Dekker's products without FMA) and rounded once at the end:
//   log x   = e ln 2 + 2 atanh((m - 1) / (m + 1)),  x = m 2^e, m in [sqrt(1/2), sqrt(2));
//   exp x   = 2^k exp(r),  r = x - k ln 2 in about [-0.35, 0.35] (Cody and Waite), Taylor to r^16;
//   pow x y = exp(y log x) with y log x carried as a double-double, so the result keeps its
//             accuracy for |y log x| up to the overflow threshold.
// Accuracy against the true value (x86-64 long double as reference, 10^6 random points per range,
// the samplers' ranges included): exp 0.61 ulp (0.76 ulp where the result is subnormal), log
// 0.50 ulp, log1p 0.66 ulp, pow 0.62 ulp, so nearly correctly rounded; glibc's are 0.51 to 0.80
// ulp. tests/engine/det_math_test.cc checks at most 1 ulp from glibc's result on 1.4 million
// deterministic points.
#pragma once

namespace sim {

// e^x. +inf above about 709.78, 0 below about -745.13, NaN for NaN.
double DetExp(double x);

// ln x. -inf at 0, NaN below 0 and for NaN, +inf at +inf. Subnormal x is handled.
double DetLog(double x);

// ln(1 + x), accurate for tiny x (DetLog1p(x) == x when |x| < 2^-54). -inf at -1, NaN below.
double DetLog1p(double x);

// x^y for x >= 0: 1 when y == 0 or x == 1; for x == 0, 0 when y > 0 and +inf when y < 0. NaN for
// x < 0 (the simulator never raises a negative base; C's pow would accept integer y there).
double DetPow(double x, double y);

}  // namespace sim

// Software prefetch for the engine's gather/scatter loops over random embedding rows.
// Swift has no prefetch intrinsic and cannot import `_mm_prefetch` (a function-like macro), so
// this header wraps the compiler builtin; always inlined, it is a single instruction.
#ifndef FACTORIZE_CPREFETCH_H
#define FACTORIZE_CPREFETCH_H

/// Asks the processor to bring the cache line holding `address` into every cache level, ahead
/// of a read (`forWriting` 0) or a write (1). Never faults, even on an invalid address.
static inline __attribute__((always_inline)) void factorize_prefetch(const void *address, int forWriting) {
    if (forWriting) {
        __builtin_prefetch(address, 1, 3);
    } else {
        __builtin_prefetch(address, 0, 3);
    }
}

#endif

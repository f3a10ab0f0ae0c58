// A small, fast, seedable random generator for initialisers, dropout and shuffling.
import Foundation

/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64. Deterministic for a given seed;
/// it does not reproduce MXNet's or numpy's bit streams.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform Float32 in `[low, high)`.
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        let unit = Float(next() >> 40) * (1.0 / 16_777_216.0)  // 24 random bits in [0, 1)
        return low + (high - low) * unit
    }

    /// A uniform Double in `[0, 1)` with 53 random bits.
    public mutating func unitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A normal sample with mean `mean` and standard deviation `standardDeviation` (Box–Muller).
    public mutating func normal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        var u1 = unitDouble()
        while u1 <= 0 { u1 = unitDouble() }
        let u2 = unitDouble()
        return mean + standardDeviation * (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}

/// The process-wide engine generator that initialisers, dropout and iterator shuffling draw from
/// (MXNet's global generator; `mx.random.seed(n)` calls `EngineRandom.seed(n)`).
public enum EngineRandom {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var generator = SeededGenerator(seed: 0x5EED)

    /// Re-seeds the global generator; the same seed gives the same initial weights.
    public static func seed(_ seed: UInt64) {
        lock.lock()
        generator = SeededGenerator(seed: seed)
        lock.unlock()
    }

    /// Runs `body` with exclusive use of the global generator.
    public static func withGenerator<R>(_ body: (inout SeededGenerator) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&generator)
    }

    /// A fresh generator seeded from the global stream (for work that draws many numbers).
    public static func makeGenerator() -> SeededGenerator {
        withGenerator { SeededGenerator(seed: $0.next()) }
    }
}

import Foundation

/// numpy's legacy `numpy.random.RandomState`: an MT19937 generator whose draws are bit-identical
/// to numpy's for the same seed and call sequence (checked against fixtures written by
/// `scripts/fixtures/make_random_fixtures.py`).
///
/// Follows numpy's legacy distributions: 53-bit doubles from two 32-bit words, the polar
/// Box–Muller gaussian with one cached value, masked rejection sampling for bounded integers
/// (32-bit draws when the range fits in 32 bits, else 64-bit draws), Fisher–Yates shuffles
/// with `random_interval`, and `choice(replace: false)` as `permutation(n)[..<size]`.
///
/// A reference type: several owners (numpy's global generator, pandas' `sample`) share one state.
public final class RandomState {
    private var key = [UInt32](repeating: 0, count: 624)
    private var position = 624
    private var hasGaussian = false
    private var cachedGaussian = 0.0

    /// A generator seeded like `numpy.random.RandomState(seed)`.
    /// - Parameter seed: 0 ... 2**32 - 1.
    /// - Throws: `RandomStateError.invalidSeed` outside that range (numpy: `ValueError`).
    public init(seed: Int) throws {
        try self.seed(seed)
    }

    /// A generator seeded from system entropy, as `numpy.random.RandomState()` is.
    public init() {
        seedFromEntropy()
    }

    /// Re-seeds as numpy's `RandomState.seed(seed)` does for an integer (MT19937 `init_genrand`)
    /// and forgets the cached gaussian.
    /// - Throws: `RandomStateError.invalidSeed` unless `0 <= seed < 2**32`.
    public func seed(_ seed: Int) throws {
        guard seed >= 0, seed <= 0xFFFF_FFFF else { throw RandomStateError.invalidSeed }
        var s = UInt32(truncatingIfNeeded: seed)
        for i in 0..<624 {
            key[i] = s
            s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
        }
        position = 624
        hasGaussian = false
        cachedGaussian = 0
    }

    /// Seeds from system entropy (numpy's `seed(None)`: `init_by_array` of 624 random words).
    public func seedFromEntropy() {
        var generator = SystemRandomNumberGenerator()
        let words = (0..<624).map { _ in UInt32.random(in: .min ... .max, using: &generator) }
        seed(byArray: words)
    }

    /// MT19937 `init_by_array`, as numpy uses for array seeds.
    public func seed(byArray words: [UInt32]) {
        _ = try? seed(19_650_218)
        var i = 1, j = 0
        let count = max(1, words.count)
        for _ in 0..<max(624, count) {
            let previous = key[i - 1] ^ (key[i - 1] >> 30)
            key[i] = (key[i] ^ (previous &* 1_664_525)) &+ (words.isEmpty ? 0 : words[j]) &+ UInt32(j)
            i += 1; j += 1
            if i >= 624 { key[0] = key[623]; i = 1 }
            if j >= count { j = 0 }
        }
        for _ in 0..<623 {
            let previous = key[i - 1] ^ (key[i - 1] >> 30)
            key[i] = (key[i] ^ (previous &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { key[0] = key[623]; i = 1 }
        }
        key[0] = 0x8000_0000
        position = 624
        hasGaussian = false
        cachedGaussian = 0
    }

    // MARK: Raw draws

    private func regenerate() {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7FFF_FFFF, matrix: UInt32 = 0x9908_B0DF
        for k in 0..<624 {
            let y = (key[k] & upper) | (key[(k + 1) % 624] & lower)
            key[k] = key[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : matrix)
        }
        position = 0
    }

    /// The next 32-bit word of the MT19937 stream.
    public func nextUInt32() -> UInt32 {
        if position >= 624 { regenerate() }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Two words, high first (numpy's `mt19937_next64`).
    public func nextUInt64() -> UInt64 {
        let high = UInt64(nextUInt32())
        return (high << 32) | UInt64(nextUInt32())
    }

    /// A double in [0, 1) with 53 random bits (numpy's `random_sample`).
    public func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// A standard normal value by the legacy polar method, caching the second value of each pair.
    public func nextGaussian() -> Double {
        if hasGaussian {
            hasGaussian = false
            let value = cachedGaussian
            cachedGaussian = 0
            return value
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2.0 * nextDouble() - 1.0
            x2 = 2.0 * nextDouble() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * Foundation.log(r2) / r2).squareRoot()
        cachedGaussian = f * x1
        hasGaussian = true
        return f * x2
    }

    /// A uniform integer in 0...max by masked rejection (numpy's `random_interval`).
    public func nextInterval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        let mask = Self.mask(covering: max)
        if max <= 0xFFFF_FFFF {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= max { return value }
            }
        }
        while true {
            let value = nextUInt64() & mask
            if value <= max { return value }
        }
    }

    private static func mask(covering value: UInt64) -> UInt64 {
        var mask = value
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4
        mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32
        return mask
    }

    /// A bounded integer in `offset ... offset + range` as numpy's legacy
    /// `random_bounded_uint64_fill(masked: true)` draws it.
    private func boundedInteger(offset: UInt64, range: UInt64) -> Int64 {
        if range == 0 { return Int64(bitPattern: offset) }
        if range <= 0xFFFF_FFFF {
            if range == 0xFFFF_FFFF { return Int64(bitPattern: offset &+ UInt64(nextUInt32())) }
            let mask = UInt32(truncatingIfNeeded: Self.mask(covering: range))
            while true {
                let value = nextUInt32() & mask
                if UInt64(value) <= range { return Int64(bitPattern: offset &+ UInt64(value)) }
            }
        }
        if range == .max { return Int64(bitPattern: offset &+ nextUInt64()) }
        let mask = Self.mask(covering: range)
        while true {
            let value = nextUInt64() & mask
            if value <= range { return Int64(bitPattern: offset &+ value) }
        }
    }

    // MARK: Distributions (numpy names in the script layer, Swift names here)

    /// `count` doubles in [0, 1) (`rand` / `random_sample`).
    public func uniformDoubles(count: Int) -> [Double] {
        (0..<max(0, count)).map { _ in nextDouble() }
    }

    /// `count` standard normal doubles (`randn` / `standard_normal`).
    public func standardNormals(count: Int) -> [Double] {
        (0..<max(0, count)).map { _ in nextGaussian() }
    }

    /// `normal(loc, scale, size)`: `loc + scale * gaussian`.
    /// - Throws: `RandomStateError.negativeScale` when `scale < 0` (numpy: `ValueError: scale < 0`).
    public func normals(mean: Double, standardDeviation: Double, count: Int) throws -> [Double] {
        guard standardDeviation >= 0 else { throw RandomStateError.negativeScale }
        return (0..<max(0, count)).map { _ in mean + standardDeviation * nextGaussian() }
    }

    /// `uniform(low, high, size)`: `low + (high - low) * random_sample`.
    public func uniforms(low: Double, high: Double, count: Int) -> [Double] {
        let range = high - low
        return (0..<max(0, count)).map { _ in low + range * nextDouble() }
    }

    /// `randint(low, high, size)` with numpy's default `dtype=int` (int64): integers in [low, high).
    /// - Throws: `RandomStateError.emptyRange` when `low >= high` (numpy: `ValueError: low >= high`).
    public func integers(low: Int, high: Int, count: Int) throws -> [Int] {
        guard low < high else { throw RandomStateError.emptyRange }
        let range = UInt64(bitPattern: Int64(high - 1) &- Int64(low))
        let offset = UInt64(bitPattern: Int64(low))
        return (0..<max(0, count)).map { _ in Int(boundedInteger(offset: offset, range: range)) }
    }

    /// Shuffles `elements` in place by the legacy Fisher–Yates walk (i from n-1 down to 1).
    public func shuffle<T>(_ elements: inout [T]) {
        let n = elements.count
        guard n > 1 else { return }
        for i in stride(from: n - 1, through: 1, by: -1) {
            let j = Int(nextInterval(UInt64(i)))
            elements.swapAt(i, j)
        }
    }

    /// Shuffles blocks of `blockSize` consecutive elements (the rows of an n-d array along axis 0).
    public func shuffleBlocks<T>(_ elements: inout [T], blockSize: Int) {
        guard blockSize > 0 else { return }
        let n = elements.count / blockSize
        guard n > 1 else { return }
        for i in stride(from: n - 1, through: 1, by: -1) {
            let j = Int(nextInterval(UInt64(i)))
            if i == j { continue }
            for k in 0..<blockSize { elements.swapAt(i * blockSize + k, j * blockSize + k) }
        }
    }

    /// `permutation(n)`: a shuffled `0..<n`.
    public func permutation(_ n: Int) -> [Int] {
        var values = Array(0..<max(0, n))
        shuffle(&values)
        return values
    }

    /// `choice(population, size, replace, p=None)` as indices into the population.
    /// - Throws: `RandomStateError.sampleLargerThanPopulation` for `replace: false` with
    ///   `size > population`; `.emptyPopulation` when the population is empty and size > 0.
    public func choiceIndices(population: Int, count: Int, replace: Bool) throws -> [Int] {
        if population <= 0 && count > 0 { throw RandomStateError.emptyPopulation }
        if replace { return try integers(low: 0, high: max(population, 1), count: count) }
        guard count <= population else { throw RandomStateError.sampleLargerThanPopulation }
        return Array(permutation(population).prefix(count))
    }

    /// `choice(population, size, replace=True, p=probabilities)`: inverse-CDF sampling on the
    /// normalised cumulative sum, `searchsorted(side='right')`, as numpy's legacy code does.
    /// - Throws: `.invalidProbabilities` when `p` has the wrong length, negative entries or does
    ///   not sum to 1 (within sqrt(eps)).
    public func choiceIndices(probabilities: [Double], count: Int) throws -> [Int] {
        guard !probabilities.isEmpty, !probabilities.contains(where: { $0 < 0 || $0.isNaN }) else {
            throw RandomStateError.invalidProbabilities
        }
        let total = probabilities.reduce(0, +)
        guard abs(total - 1) <= Double.ulpOfOne.squareRoot() else { throw RandomStateError.invalidProbabilities }
        var cdf = probabilities
        for i in 1..<cdf.count { cdf[i] += cdf[i - 1] }
        let last = cdf[cdf.count - 1]
        for i in cdf.indices { cdf[i] /= last }
        return uniformDoubles(count: count).map { u in
            var lo = 0, hi = cdf.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if cdf[mid] <= u { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }
}

/// Mistakes in arguments to `RandomState`; the script layer raises them as numpy's `ValueError`s.
public enum RandomStateError: Error, Equatable, CustomStringConvertible {
    case invalidSeed, negativeScale, emptyRange, sampleLargerThanPopulation, emptyPopulation, invalidProbabilities

    /// numpy's message for the same mistake.
    public var description: String {
        switch self {
        case .invalidSeed: return "Seed must be between 0 and 2**32 - 1"
        case .negativeScale: return "scale < 0"
        case .emptyRange: return "low >= high"
        case .sampleLargerThanPopulation: return "Cannot take a larger sample than population when 'replace=False'"
        case .emptyPopulation: return "'a' cannot be empty unless no samples are taken"
        case .invalidProbabilities: return "probabilities do not sum to 1"
        }
    }
}

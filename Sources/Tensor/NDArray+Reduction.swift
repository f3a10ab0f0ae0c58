import Foundation

extension NDArray {
    /// Splits the shape around `axis` (nil: the whole array as one lane).
    /// - Throws: `.value` numpy's AxisError message "axis 2 is out of bounds for array of dimension 2".
    func lanes(_ axis: Int?) throws -> (outer: Int, length: Int, inner: Int, resultShape: [Int]) {
        guard let axis = axis else { return (1, count, 1, []) }
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < Swift.max(rank, 1), rank > 0 else {
            throw NDArrayError(.value, "axis \(axis) is out of bounds for array of dimension \(rank)")
        }
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        var result = shape
        result.remove(at: a)
        return (outer, shape[a], inner, result)
    }

    /// numpy's pairwise summation (blocks of 8 partial sums, halves above 128 elements).
    static func pairwiseSum<F: BinaryFloatingPoint>(_ a: UnsafeBufferPointer<F>, _ start: Int, _ n: Int) -> F {
        if n < 8 {
            var s: F = 0
            for i in 0..<n { s += a[start + i] }
            return s
        }
        if n <= 128 {
            var r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3]
            var r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7]
            var i = 8
            while i < n - n % 8 {
                r0 += a[start + i]; r1 += a[start + i + 1]; r2 += a[start + i + 2]; r3 += a[start + i + 3]
                r4 += a[start + i + 4]; r5 += a[start + i + 5]; r6 += a[start + i + 6]; r7 += a[start + i + 7]
                i += 8
            }
            var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { s += a[start + i]; i += 1 }
            return s
        }
        var half = n / 2
        half -= half % 8
        return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half)
    }

    /// Sums along lanes: pairwise when the lane is contiguous, row by row otherwise (as numpy's
    /// reduction loop orders them).
    static func laneSums<F: BinaryFloatingPoint>(_ a: [F], outer: Int, length: Int, inner: Int) -> [F] {
        var result = [F](repeating: 0, count: outer * inner)
        a.withUnsafeBufferPointer { p in
            if inner == 1 {
                for o in 0..<outer { result[o] = pairwiseSum(p, o * length, length) }
            } else {
                for o in 0..<outer {
                    for k in 0..<length {
                        let base = (o * length + k) * inner
                        for i in 0..<inner { result[o * inner + i] += p[base + i] }
                    }
                }
            }
        }
        return result
    }

    /// numpy's `sum(axis)`: bool/int → int64, float32 → float32, float64 → float64
    /// (pairwise summation like numpy). `axis: nil` gives a 0-d array.
    /// - Throws: `.value` for a bad axis, `.type` for str arrays.
    public func sum(axis: Int? = nil) throws -> NDArray {
        let (outer, length, inner, shape) = try lanes(axis)
        switch storage {
        case .float64(let a): return NDArray(uncheckedShape: shape, .float64(NDArray.laneSums(a, outer: outer, length: length, inner: inner)))
        case .float32(let a): return NDArray(uncheckedShape: shape, .float32(NDArray.laneSums(a, outer: outer, length: length, inner: inner)))
        case .string: throw NDArrayError(.type, "cannot perform reduce with flexible type")
        default:
            let a = try ints()
            var result = [Int](repeating: 0, count: outer * inner)
            for o in 0..<outer { for k in 0..<length { for i in 0..<inner { result[o * inner + i] &+= a[(o * length + k) * inner + i] } } }
            return NDArray(uncheckedShape: shape, .int64(result))
        }
    }

    /// numpy's `mean(axis)`: ints/bools accumulate in float64; float32 stays float32.
    /// An empty lane gives nan (numpy also warns).
    public func mean(axis: Int? = nil) throws -> NDArray {
        let (outer, length, inner, shape) = try lanes(axis)
        switch storage {
        case .float32(let a):
            let sums = NDArray.laneSums(a, outer: outer, length: length, inner: inner)
            return NDArray(uncheckedShape: shape, .float32(sums.map { $0 / Float(length) }))
        case .string: throw NDArrayError(.type, "cannot perform reduce with flexible type")
        default:
            let sums = NDArray.laneSums(try doubles(), outer: outer, length: length, inner: inner)
            return NDArray(uncheckedShape: shape, .float64(sums.map { $0 / Double(length) }))
        }
    }

    /// numpy's `var(axis, ddof)`: mean of squared deviations, divided by `n - ddof`.
    public func variance(axis: Int? = nil, ddof: Int = 0) throws -> NDArray {
        let (outer, length, inner, shape) = try lanes(axis)
        func compute<F: BinaryFloatingPoint>(_ a: [F]) -> [F] {
            let means = NDArray.laneSums(a, outer: outer, length: length, inner: inner).map { $0 / F(length) }
            var squares = a
            for o in 0..<outer { for k in 0..<length { for i in 0..<inner {
                let j = (o * length + k) * inner + i
                let d = a[j] - means[o * inner + i]
                squares[j] = d * d
            } } }
            let divisor = F(Swift.max(length - ddof, 0))
            return NDArray.laneSums(squares, outer: outer, length: length, inner: inner).map { $0 / divisor }
        }
        switch storage {
        case .float32(let a): return NDArray(uncheckedShape: shape, .float32(compute(a)))
        case .string: throw NDArrayError(.type, "cannot perform reduce with flexible type")
        default: return NDArray(uncheckedShape: shape, .float64(compute(try doubles())))
        }
    }

    /// numpy's `std(axis, ddof)`: the square root of `variance`.
    public func standardDeviation(axis: Int? = nil, ddof: Int = 0) throws -> NDArray {
        try variance(axis: axis, ddof: ddof).squareRoot()
    }

    /// Index of the chosen element in each lane; NaN wins (numpy propagates NaN).
    private func laneArgument(_ axis: Int?, name: String, greater: Bool) throws -> ([Int], [Int], Int, Int, Int) {
        let (outer, length, inner, shape) = try lanes(axis)
        guard length > 0 else {
            throw NDArrayError(.value, "attempt to get \(name) of an empty sequence")
        }
        func pick<T>(_ a: [T], _ better: (T, T) -> Bool, _ isNaN: (T) -> Bool) -> [Int] {
            var result = [Int](repeating: 0, count: outer * inner)
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = 0, bestValue = a[o * length * inner + i]
                    if !isNaN(bestValue) {
                        for k in 1..<Swift.max(length, 1) {
                            let v = a[(o * length + k) * inner + i]
                            if isNaN(v) { best = k; break }
                            if better(v, bestValue) { best = k; bestValue = v }
                        }
                    }
                    result[o * inner + i] = best
                }
            }
            return result
        }
        let picks: [Int]
        switch storage {
        case .float64(let a): picks = pick(a, greater ? { $0 > $1 } : { $0 < $1 }, { $0.isNaN })
        case .float32(let a): picks = pick(a, greater ? { $0 > $1 } : { $0 < $1 }, { $0.isNaN })
        case .int64(let a): picks = pick(a, greater ? { $0 > $1 } : { $0 < $1 }, { _ in false })
        case .bool(let a): picks = pick(a, greater ? { $0 && !$1 } : { !$0 && $1 }, { _ in false })
        case .string(let a):
            picks = pick(a.map { CodePoints(values: $0.unicodeScalars.map(\.value)) }, greater ? { $0 > $1 } : { $0 < $1 }, { _ in false })
        }
        return (picks, shape, outer, length, inner)
    }

    /// numpy's `argmax(axis)` (first occurrence) as int64.
    public func argmax(axis: Int? = nil) throws -> NDArray {
        let (picks, shape, _, _, _) = try laneArgument(axis, name: "argmax", greater: true)
        return NDArray(uncheckedShape: shape, .int64(picks))
    }

    /// numpy's `argmin(axis)` (first occurrence) as int64.
    public func argmin(axis: Int? = nil) throws -> NDArray {
        let (picks, shape, _, _, _) = try laneArgument(axis, name: "argmin", greater: false)
        return NDArray(uncheckedShape: shape, .int64(picks))
    }

    /// numpy's `max(axis)`, keeping the dtype.
    /// - Throws: `.value` "zero-size array to reduction operation maximum which has no identity".
    public func max(axis: Int? = nil) throws -> NDArray { try extreme(axis, greater: true) }
    /// numpy's `min(axis)`, keeping the dtype.
    public func min(axis: Int? = nil) throws -> NDArray { try extreme(axis, greater: false) }

    private func extreme(_ axis: Int?, greater: Bool) throws -> NDArray {
        let name = greater ? "maximum" : "minimum"
        let laneLength = try lanes(axis).length
        if count == 0 || laneLength == 0 {
            throw NDArrayError(.value, "zero-size array to reduction operation \(name) which has no identity")
        }
        let (picks, shape, _, length, inner) = try laneArgument(axis, name: name, greater: greater)
        let offsets = picks.enumerated().map { (lane, k) in ((lane / inner) * length + k) * inner + lane % inner }
        return gathered(offsets, shape: shape)
    }
}

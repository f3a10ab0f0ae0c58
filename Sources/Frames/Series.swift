import Foundation
import Tensor

/// pandas' `Series`: a 1-D array of values with row labels and a name.
public struct Series: Equatable {
    /// The values (pandas `.values`), 1-D.
    public var values: NDArray
    public var index: FrameIndex
    /// The column name it came from (`Name: rating` when printed), or nil.
    public var name: String?

    /// A series over `values` (flattened) with a RangeIndex unless `index` is given.
    /// - Throws: `.value` when the index length differs from the values'.
    public init(values: NDArray, index: FrameIndex? = nil, name: String? = nil) throws {
        let flat = values.flattened
        let index = index ?? .range(flat.count)
        guard index.count == flat.count else {
            throw FrameError(.value, "Length of values (\(flat.count)) does not match length of index (\(index.count))")
        }
        self.values = flat
        self.index = index
        self.name = name
    }

    public var count: Int { values.count }

    /// pandas' dtype name: `int64`, `float64`, `float32`, `bool`, or `object` for strings.
    public var dtypeName: String { Series.pandasDTypeName(values.dtype) }

    static func pandasDTypeName(_ dtype: NDArrayDType) -> String {
        dtype == .string ? "object" : dtype.name
    }

    /// The rows at `positions`, keeping their labels.
    public func taking(_ positions: [Int]) -> Series {
        var taken = self
        taken.values = values.taking(positions)
        taken.index = index.taking(positions)
        return taken
    }

    /// The first `n` rows (negative: all but the last `-n`), pandas `head`.
    public func head(_ n: Int = 5) -> Series { taking(Array(0..<Series.headCount(n, count))) }
    /// The last `n` rows (negative: all but the first `-n`), pandas `tail`.
    public func tail(_ n: Int = 5) -> Series {
        let k = Series.headCount(n, count)
        return taking(Array((count - k)..<count))
    }

    static func headCount(_ n: Int, _ count: Int) -> Int {
        n >= 0 ? Swift.min(n, count) : Swift.max(0, count + n)
    }

    /// The values without NaNs (pandas' `skipna=True`).
    func valid() -> NDArray {
        switch values.storage {
        case .float64(let a): return NDArray(a.filter { !$0.isNaN })
        case .float32(let a): return NDArray(a.filter { !$0.isNaN })
        default: return values
        }
    }

    /// pandas `min()` (NaNs skipped); nil for an empty series (pandas: NaN).
    public func minimum() throws -> NDArrayScalar? {
        let v = valid()
        return v.count == 0 ? nil : try FrameError.wrap { try v.min().scalar(at: 0) }
    }

    /// pandas `max()` (NaNs skipped).
    public func maximum() throws -> NDArrayScalar? {
        let v = valid()
        return v.count == 0 ? nil : try FrameError.wrap { try v.max().scalar(at: 0) }
    }

    /// pandas `sum()` (NaNs skipped): int64 for ints, float for floats.
    public func sum() throws -> NDArrayScalar { try FrameError.wrap { try valid().sum().scalar(at: 0) } }

    /// pandas `mean()` (NaNs skipped) as float64; NaN when empty.
    /// - Throws: `.type` for an object column.
    public func mean() throws -> Double {
        let v = valid()
        if v.dtype == .string { throw FrameError(.type, "Could not convert string to numeric") }
        return v.count == 0 ? .nan : try FrameError.wrap { try v.converted(to: .float64).mean().scalar(at: 0).doubleValue }
    }

    /// pandas `std(ddof=1)` (NaNs skipped).
    public func standardDeviation(ddof: Int = 1) throws -> Double {
        let v = valid()
        if v.dtype == .string { throw FrameError(.type, "Could not convert string to numeric") }
        if v.count <= ddof { return .nan }
        return try FrameError.wrap { try v.converted(to: .float64).standardDeviation(ddof: ddof).scalar(at: 0).doubleValue }
    }

    /// Positions of the first occurrence of each distinct value (NaN included once when
    /// `keepNaN`), in order of appearance.
    func firstOccurrences(keepNaN: Bool) -> [Int] {
        var positions: [Int] = []
        switch values.storage {
        case .int64(let a):
            var seen = Set<Int>()
            for (i, v) in a.enumerated() where seen.insert(v).inserted { positions.append(i) }
        case .float64(let a):
            var seen = Set<UInt64>(), sawNaN = false
            for (i, v) in a.enumerated() {
                if v.isNaN {
                    if keepNaN && !sawNaN { positions.append(i) }
                    sawNaN = true
                } else if seen.insert((v == 0 ? 0.0 : v).bitPattern).inserted { positions.append(i) }
            }
        case .string(let a):
            var seen = Set<String>()
            for (i, v) in a.enumerated() where seen.insert(v).inserted { positions.append(i) }
        default:
            var seen = Set<String>()
            for i in 0..<count {
                let key = Series.key(values.scalar(at: i))
                if key == "nan" && !keepNaN { continue }
                if seen.insert(key).inserted { positions.append(i) }
            }
        }
        return positions
    }

    /// pandas `unique()`: distinct values in order of first appearance (not sorted).
    public func unique() -> NDArray {
        values.taking(firstOccurrences(keepNaN: true))
    }

    static func key(_ scalar: NDArrayScalar) -> String {
        switch scalar {
        case .float64(let d): return d.isNaN ? "nan" : (d == d.rounded() && Swift.abs(d) < 1e18 ? "i\(Int(d))" : "f\(d)")
        case .float32(let f): return f.isNaN ? "nan" : "f\(Double(f))"
        case .int64(let i): return "i\(i)"
        case .bool(let b): return "i\(b ? 1 : 0)"
        case .string(let s): return "s" + s
        }
    }

    /// pandas `nunique()`: distinct non-NaN values.
    public func uniqueCount() -> Int {
        firstOccurrences(keepNaN: false).count
    }

    /// pandas `value_counts()`: counts of distinct non-NaN values, most frequent first (ties in
    /// order of first appearance); the result is named `count` and indexed by the values, the
    /// index named after this series (pandas 2.x).
    public func valueCounts() -> Series {
        var order: [String: Int] = [:], firsts: [Int] = [], counts: [Int] = []
        for i in 0..<count {
            let key = Series.key(values.scalar(at: i))
            if key == "nan" { continue }
            if let k = order[key] { counts[k] += 1 } else {
                order[key] = counts.count
                firsts.append(i)
                counts.append(1)
            }
        }
        let ranked = counts.indices.stableSorted { counts[$0] > counts[$1] }
        let labels = values.taking(ranked.map { firsts[$0] })
        var result = (try? Series(values: NDArray(ranked.map { counts[$0] }), index: FrameIndex(labels: labels, name: name), name: "count"))
            ?? (try? Series(values: NDArray([Int]()))) ?? self
        result.index.name = name
        return result
    }

    /// `series op other` elementwise (pandas arithmetic), keeping the index; the name stays
    /// when the other operand is a scalar or a series of the same name.
    /// - Throws: `.value` for differing lengths, `.type` for unsupported dtypes.
    public static func apply(_ op: NDArrayOperation, _ lhs: Series, _ rhs: NDArray, rhsIsPythonScalar: Bool = false,
                             rhsName: String? = nil, reflected: Bool = false) throws -> Series {
        if rhs.rank > 0 && rhs.count != lhs.count {
            throw FrameError(.value, "Length of values (\(rhs.count)) does not match length of index (\(lhs.count))")
        }
        let result = try FrameError.wrap {
            reflected ? try NDArray.apply(op, rhs, lhs.values, lhsIsPythonScalar: rhsIsPythonScalar)
                      : try NDArray.apply(op, lhs.values, rhs, rhsIsPythonScalar: rhsIsPythonScalar)
        }
        let keepName = rhsIsPythonScalar || rhs.rank == 0 || rhsName == lhs.name
        return try Series(values: result, index: lhs.index, name: keepName ? lhs.name : nil)
    }

    /// `series op other` comparisons → a bool series.
    public static func compare(_ op: NDArrayComparison, _ lhs: Series, _ rhs: NDArray, rhsIsPythonScalar: Bool = false) throws -> Series {
        if rhs.rank > 0 && rhs.count != lhs.count { throw FrameError(.value, "Can only compare identically-labeled Series objects") }
        let result = try FrameError.wrap { try NDArray.compare(op, lhs.values, rhs, rhsIsPythonScalar: rhsIsPythonScalar) }
        return try Series(values: result, index: lhs.index, name: lhs.name)
    }
}

extension FrameError {
    /// Runs `body`, turning an `NDArrayError` into the same kind of `FrameError`.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as NDArrayError {
            switch error.kind {
            case .index: throw FrameError(.index, error.message)
            case .type: throw FrameError(.type, error.message)
            default: throw FrameError(.value, error.message)
            }
        }
    }
}

extension Range where Bound == Int {
    func stableSorted(by less: (Int, Int) -> Bool) -> [Int] {
        Array(self).enumerated().sorted { x, y in
            if less(x.element, y.element) { return true }
            if less(y.element, x.element) { return false }
            return x.offset < y.offset
        }.map(\.element)
    }
}

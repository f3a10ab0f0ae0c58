import CBLAS
import Foundation

extension NDArray {
    // MARK: Sorting and uniqueness

    /// Sort key order used by numpy: numbers ascending with NaN last; strings by code points.
    private func sortedOrder(_ positions: [Int]) -> [Int] {
        switch storage {
        case .float64(let a): return positions.stableSorted { x, y in !a[x].isNaN && (a[y].isNaN || a[x] < a[y]) }
        case .float32(let a): return positions.stableSorted { x, y in !a[x].isNaN && (a[y].isNaN || a[x] < a[y]) }
        case .int64(let a): return positions.stableSorted { a[$0] < a[$1] }
        case .bool(let a): return positions.stableSorted { !a[$0] && a[$1] }
        case .string(let a):
            let keys = a.map { CodePoints(values: $0.unicodeScalars.map(\.value)) }
            return positions.stableSorted { keys[$0] < keys[$1] }
        }
    }

    /// Indices that stably sort each lane along `axis` (nil: the flattened array), as int64
    /// (numpy's `argsort(kind='stable')`; numpy's default quicksort may order ties differently).
    public func argsorted(axis: Int? = -1) throws -> NDArray {
        if axis == nil { return try flattened.argsorted(axis: 0) }
        if rank == 0 { return NDArray(uncheckedShape: [], .int64([0])) }
        let (outer, length, inner, _) = try lanes(axis)
        var result = [Int](repeating: 0, count: count)
        for o in 0..<outer {
            for i in 0..<inner {
                let positions = (0..<length).map { (o * length + $0) * inner + i }
                let order = sortedOrder(positions)
                for (k, p) in order.enumerated() { result[(o * length + k) * inner + i] = (p / inner) % length }
            }
        }
        return NDArray(uncheckedShape: shape, .int64(result))
    }

    /// A sorted copy along `axis` (nil: flattened), numpy's `sort`.
    public func sorted(axis: Int? = -1) throws -> NDArray {
        if axis == nil { return try flattened.sorted(axis: 0) }
        if rank == 0 { return self }
        let (outer, length, inner, _) = try lanes(axis)
        var offsets = [Int](repeating: 0, count: count)
        for o in 0..<outer {
            for i in 0..<inner {
                let positions = (0..<length).map { (o * length + $0) * inner + i }
                for (k, p) in sortedOrder(positions).enumerated() { offsets[(o * length + k) * inner + i] = p }
            }
        }
        return gathered(offsets, shape: shape)
    }

    /// numpy's `unique(a, return_counts=True)`: the sorted distinct elements of the flattened
    /// array (NaNs collapse into one, last) and how often each occurs.
    public func unique() -> (values: NDArray, counts: [Int]) {
        // Fast paths for numbers: sort the values themselves, then run-length count.
        func runs<T: Comparable>(_ sorted: [T]) -> ([T], [Int]) {
            var values: [T] = [], counts: [Int] = []
            for v in sorted {
                if let last = values.last, last == v { counts[counts.count - 1] += 1 } else {
                    values.append(v)
                    counts.append(1)
                }
            }
            return (values, counts)
        }
        switch storage {
        case .int64(let a):
            let (v, c) = runs(a.sorted())
            return (NDArray(v), c)
        case .float64(let a):
            var (v, c) = runs(a.filter { !$0.isNaN }.sorted())
            let nanCount = a.count - c.reduce(0, +)
            if nanCount > 0 { v.append(.nan); c.append(nanCount) }
            return (NDArray(v), c)
        default: break
        }
        let order = sortedOrder(Array(0..<count))
        var keep: [Int] = [], counts: [Int] = []
        for p in order {
            if let last = keep.last, sameElement(last, p) {
                counts[counts.count - 1] += 1
            } else {
                keep.append(p)
                counts.append(1)
            }
        }
        return (gathered(keep, shape: [keep.count]), counts)
    }

    private func sameElement(_ i: Int, _ j: Int) -> Bool {
        switch storage {
        case .float64(let a): return a[i] == a[j] || (a[i].isNaN && a[j].isNaN)
        case .float32(let a): return a[i] == a[j] || (a[i].isNaN && a[j].isNaN)
        case .int64(let a): return a[i] == a[j]
        case .bool(let a): return a[i] == a[j]
        case .string(let a): return a[i].unicodeScalars.elementsEqual(a[j].unicodeScalars)
        }
    }

    /// numpy's `nonzero()`: one int64 index array per axis.
    public func nonzero() -> [NDArray] {
        let truth = bools()
        let hits = truth.indices.filter { truth[$0] }
        if rank == 0 { return [NDArray(hits.map { _ in 0 })] }
        let strides = NDArray.strides(of: shape)
        return (0..<rank).map { k in NDArray(hits.map { ($0 / strides[k]) % shape[k] }) }
    }

    // MARK: Joining

    /// numpy's `concatenate(arrays, axis)`; dtypes promote.
    /// - Throws: `.value` for no arrays, differing ranks or mismatched dimensions (numpy's messages).
    public static func concatenate(_ arrays: [NDArray], axis: Int = 0) throws -> NDArray {
        guard let first = arrays.first else { throw NDArrayError(.value, "need at least one array to concatenate") }
        guard first.rank > 0 else { throw NDArrayError(.value, "zero-dimensional arrays cannot be concatenated") }
        let a = axis < 0 ? axis + first.rank : axis
        guard a >= 0, a < first.rank else {
            throw NDArrayError(.value, "axis \(axis) is out of bounds for array of dimension \(first.rank)")
        }
        var type = first.dtype
        for (n, array) in arrays.enumerated() {
            guard array.rank == first.rank else {
                throw NDArrayError(.value, "all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has \(first.rank) dimension(s) and the array at index \(n) has \(array.rank) dimension(s)")
            }
            for d in 0..<first.rank where d != a && array.shape[d] != first.shape[d] {
                throw NDArrayError(.value, "all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at index \(n) has size \(array.shape[d])")
            }
            type = resultType(type, array.dtype)
        }
        let converted = try arrays.map { try $0.converted(to: type) }
        var shape = first.shape
        shape[a] = arrays.reduce(0) { $0 + $1.shape[a] }
        let outer = first.shape[..<a].reduce(1, *)
        var offsetsPerArray: [[Int]] = []
        for array in converted {
            let block = array.shape[a...].reduce(1, *)
            offsetsPerArray.append((0..<outer).flatMap { o in (0..<block).map { o * block + $0 } })
        }
        // Interleave blocks: for each outer index, each array's block in turn.
        var pieces: [NDArray] = []
        for o in 0..<outer {
            for (array, _) in zip(converted, offsetsPerArray) {
                let block = array.shape[a...].reduce(1, *)
                pieces.append(array.gathered(Array((o * block)..<((o + 1) * block)), shape: [block]))
            }
        }
        return try joined(pieces, type: type, shape: shape)
    }

    private static func joined(_ pieces: [NDArray], type: NDArrayDType, shape: [Int]) throws -> NDArray {
        let storage: NDArrayStorage
        switch type {
        case .float64: storage = .float64(try pieces.flatMap { try $0.doubles() })
        case .float32: storage = .float32(try pieces.flatMap { try $0.floats() })
        case .int64: storage = .int64(try pieces.flatMap { try $0.ints() })
        case .bool: storage = .bool(pieces.flatMap { $0.bools() })
        case .string: storage = .string(pieces.flatMap { $0.strings() })
        }
        return try NDArray(shape: shape, storage: storage)
    }

    /// numpy's `stack(arrays, axis)`: joins equal-shaped arrays along a new axis.
    /// - Throws: `.value` "all input arrays must have the same shape".
    public static func stack(_ arrays: [NDArray], axis: Int = 0) throws -> NDArray {
        guard let first = arrays.first else { throw NDArrayError(.value, "need at least one array to stack") }
        guard arrays.allSatisfy({ $0.shape == first.shape }) else {
            throw NDArrayError(.value, "all input arrays must have the same shape")
        }
        let a = axis < 0 ? axis + first.rank + 1 : axis
        guard a >= 0, a <= first.rank else {
            throw NDArrayError(.value, "axis \(axis) is out of bounds for array of dimension \(first.rank + 1)")
        }
        var expandedShape = first.shape
        expandedShape.insert(1, at: a)
        return try concatenate(arrays.map { try $0.reshaped(expandedShape) }, axis: a)
    }

    // MARK: Products

    /// numpy's `dot`/`matmul` for 0-, 1- and 2-D operands: inner product, matrix–vector and
    /// matrix–matrix products (OpenBLAS for float64/float32, loops for integers).
    /// - Throws: `.value` "shapes (2,3) and (2,) not aligned: 3 (dim 1) != 2 (dim 0)";
    ///   `.type` for str arrays; `.value` for operands above 2-D.
    public static func dot(_ lhs: NDArray, _ rhs: NDArray) throws -> NDArray {
        if lhs.rank == 0 || rhs.rank == 0 { return try apply(.multiply, lhs, rhs) }
        guard lhs.rank <= 2, rhs.rank <= 2 else {
            throw NDArrayError(.value, "dot of arrays with more than 2 dimensions is not supported")
        }
        let type = resultType(lhs.dtype, rhs.dtype)
        guard type != .string else { throw NDArrayError(.type, "dot of str arrays is not supported") }
        let m = lhs.rank == 2 ? lhs.shape[0] : 1, k = lhs.shape[lhs.rank - 1]
        let k2 = rhs.rank == 2 ? rhs.shape[0] : rhs.shape[0], n = rhs.rank == 2 ? rhs.shape[1] : 1
        guard k == k2 else {
            throw NDArrayError(.value, "shapes \(describe(shape: lhs.shape)) and \(describe(shape: rhs.shape)) not aligned: \(k) (dim \(lhs.rank - 1)) != \(k2) (dim 0)")
        }
        var shape: [Int] = []
        if lhs.rank == 2 { shape.append(m) }
        if rhs.rank == 2 { shape.append(n) }
        switch type {
        case .float64:
            let a = try lhs.doubles(), b = try rhs.doubles()
            var c = [Double](repeating: 0, count: m * n)
            if m * n * k > 0 {
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                            1, a, Int32(k), b, Int32(n), 0, &c, Int32(n))
            }
            return NDArray(uncheckedShape: shape, .float64(c))
        case .float32:
            let a = try lhs.floats(), b = try rhs.floats()
            var c = [Float](repeating: 0, count: m * n)
            if m * n * k > 0 {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                            1, a, Int32(k), b, Int32(n), 0, &c, Int32(n))
            }
            return NDArray(uncheckedShape: shape, .float32(c))
        default:
            let a = try lhs.ints(), b = try rhs.ints()
            var c = [Int](repeating: 0, count: m * n)
            for i in 0..<m { for p in 0..<k { let x = a[i * k + p]; for j in 0..<n { c[i * n + j] &+= x &* b[p * n + j] } } }
            return NDArray(uncheckedShape: shape, .int64(c))
        }
    }
}

extension Array where Element == Int {
    /// A stable sort of positions by `areInIncreasingOrder` (ties keep their order).
    func stableSorted(by areInIncreasingOrder: (Int, Int) -> Bool) -> [Int] {
        let ranked = enumerated().map { ($0.offset, $0.element) }
        return ranked.sorted { x, y in
            if areInIncreasingOrder(x.1, y.1) { return true }
            if areInIncreasingOrder(y.1, x.1) { return false }
            return x.0 < y.0
        }.map(\.1)
    }
}

/// One component of a numpy subscript (`a[2]`, `a[1:5:2]`, `a[idx]`, `a[mask]`, `a[:, 0]`).
public enum NDArrayIndex {
    /// An integer (negative counts from the end); removes the axis.
    case integer(Int)
    /// `start:stop:step`, each optional, Python's slice rules.
    case slice(start: Int?, stop: Int?, step: Int?)
    /// An int64 array (fancy indexing) or a bool mask covering as many axes as it has.
    case array(NDArray)
}

extension NDArray {
    /// Where a subscript reads from: flat source offsets and the result shape.
    struct IndexPlan {
        var offsets: [Int]
        var shape: [Int]
    }

    private static func normalize(_ i: Int, axis: Int, size: Int) throws -> Int {
        let j = i < 0 ? i + size : i
        guard j >= 0, j < size else {
            throw NDArrayError(.index, "index \(i) is out of bounds for axis \(axis) with size \(size)")
        }
        return j
    }

    /// Python's `slice.indices`: start, step, count.
    static func sliceBounds(start: Int?, stop: Int?, step: Int?, length: Int) throws -> (Int, Int, Int) {
        let step = step ?? 1
        guard step != 0 else { throw NDArrayError(.value, "slice step cannot be zero") }
        func clamp(_ raw: Int?, _ defaultValue: Int, _ low: Int, _ high: Int) -> Int {
            guard var v = raw else { return defaultValue }
            if v < 0 { v += length }
            return Swift.min(Swift.max(v, low), high)
        }
        let first: Int, last: Int
        if step > 0 {
            first = clamp(start, 0, 0, length); last = clamp(stop, length, 0, length)
        } else {
            first = clamp(start, length - 1, -1, length - 1); last = clamp(stop, -1, -1, length - 1)
        }
        // Distances are within [-1, length], so only a huge step can overflow: cap it at length + 1.
        let span = step > 0 ? last - first : first - last
        let magnitude = step == Int.min ? length + 1 : Swift.min(Swift.abs(step), length + 1)
        let count = span <= 0 ? 0 : (span + magnitude - 1) / magnitude
        return (first, step, count)
    }

    private enum Component {
        case constant(Int)
        case range(start: Int, step: Int, count: Int)
        case advanced([Int], shape: [Int])
    }

    /// Resolves a subscript into source offsets, as numpy's basic + advanced indexing does
    /// (advanced indices broadcast together; their result dims go where the first one was
    /// when they are adjacent, else to the front).
    /// - Throws: `.index` for out-of-range indices, too many indices, non-integer index arrays
    ///   or mismatched boolean masks (numpy's messages).
    func plan(_ indices: [NDArrayIndex]) throws -> IndexPlan {
        // Expand boolean masks into integer arrays (numpy's nonzero), one per covered axis.
        var expanded: [NDArrayIndex] = []
        var axis = 0
        for index in indices {
            if case .array(let a) = index, a.dtype == .bool {
                let dims = Swift.max(a.rank, 0)
                if a.rank == 0 { throw NDArrayError(.index, "0-d boolean indices are not supported") }
                guard axis + dims <= rank else {
                    throw NDArrayError(.index, "too many indices for array: array is \(rank)-dimensional, but \(axis + dims) were indexed")
                }
                for k in 0..<dims where a.shape[k] != shape[axis + k] {
                    throw NDArrayError(.index, "boolean index did not match indexed array along axis \(axis + k); size of axis is \(shape[axis + k]) but size of corresponding boolean axis is \(a.shape[k])")
                }
                let mask = a.bools(), maskStrides = NDArray.strides(of: a.shape)
                let hits = mask.indices.filter { mask[$0] }
                for k in 0..<dims {
                    expanded.append(.array(NDArray(hits.map { ($0 / maskStrides[k]) % a.shape[k] })))
                }
                axis += dims
            } else {
                expanded.append(index)
                axis += 1
            }
        }
        guard expanded.count <= rank else {
            throw NDArrayError(.index, "too many indices for array: array is \(rank)-dimensional, but \(expanded.count) were indexed")
        }
        while expanded.count < rank { expanded.append(.slice(start: nil, stop: nil, step: nil)) }
        let hasAdvanced = expanded.contains { if case .array = $0 { return true }; return false }
        let strides = NDArray.strides(of: shape)

        var components: [Component] = []
        for (k, index) in expanded.enumerated() {
            switch index {
            case .integer(let i):
                let j = try NDArray.normalize(i, axis: k, size: shape[k])
                components.append(hasAdvanced ? .advanced([j], shape: []) : .constant(j * strides[k]))
            case .slice(let start, let stop, let step):
                let (first, st, count) = try NDArray.sliceBounds(start: start, stop: stop, step: step, length: shape[k])
                components.append(.range(start: first, step: st, count: count))
            case .array(let a):
                guard a.dtype == .int64 else {
                    throw NDArrayError(.index, "arrays used as indices must be of integer (or boolean) type")
                }
                let values = try a.ints().map { try NDArray.normalize($0, axis: k, size: shape[k]) }
                components.append(.advanced(values, shape: a.shape))
            }
        }

        // Broadcast the advanced indices together.
        let advancedAxes = components.indices.filter { if case .advanced = components[$0] { return true }; return false }
        var groupShape: [Int] = []
        for k in advancedAxes {
            if case .advanced(_, let s) = components[k] {
                do { groupShape = try NDArray.broadcastShape(groupShape, s) } catch {
                    let shapes = advancedAxes.compactMap { axis -> String? in
                        if case .advanced(_, let s) = components[axis] { return NDArray.describe(shape: s) }
                        return nil
                    }
                    throw NDArrayError(.index, "shape mismatch: indexing arrays could not be broadcast together with shapes \(shapes.joined(separator: " "))")
                }
            }
        }
        var groupOffsets: [Int] = []
        if !advancedAxes.isEmpty {
            groupOffsets = [Int](repeating: 0, count: groupShape.reduce(1, *))
            for k in advancedAxes {
                if case .advanced(let values, let s) = components[k] {
                    let map = NDArray.broadcastOffsets(from: s, to: groupShape)
                    for t in groupOffsets.indices { groupOffsets[t] += values[map[t]] * strides[k] }
                }
            }
        }
        let adjacent = advancedAxes.isEmpty || (advancedAxes.last ?? 0) - (advancedAxes.first ?? 0) + 1 == advancedAxes.count

        // Output dims in order: (contributions, dims).
        var dims: [([Int], [Int])] = []
        var base = 0
        var groupPlaced = false
        if !advancedAxes.isEmpty && !adjacent {
            dims.append((groupOffsets, groupShape))
            groupPlaced = true
        }
        for (k, component) in components.enumerated() {
            switch component {
            case .constant(let c): base += c
            case .range(let start, let step, let count):
                dims.append(((0..<count).map { (start + $0 * step) * strides[k] }, [count]))
            case .advanced:
                if !groupPlaced {
                    dims.append((groupOffsets, groupShape))
                    groupPlaced = true
                }
            }
        }
        var offsets = [base]
        var resultShape: [Int] = []
        for (contributions, dimShape) in dims {
            var next = [Int]()
            next.reserveCapacity(offsets.count * contributions.count)
            for o in offsets { for c in contributions { next.append(o + c) } }
            offsets = next
            resultShape += dimShape
        }
        return IndexPlan(offsets: offsets, shape: resultShape)
    }

    /// numpy's `a[indices]` (always a copy).
    /// - Throws: `.index` as numpy raises `IndexError` (e.g. "index 250 is out of bounds for
    ///   axis 0 with size 250").
    public func subscripted(_ indices: [NDArrayIndex]) throws -> NDArray {
        // Fast paths: one integer or one unit-step slice over the first axis (contiguous rows).
        if indices.count == 1, let rows = shape.first {
            let rowSize = rows == 0 ? 0 : count / rows
            var range: Range<Int>? = nil
            var rowShape = Array(shape.dropFirst())
            switch indices[0] {
            case .integer(let i):
                let r = try NDArray.normalize(i, axis: 0, size: rows)
                range = r..<(r + 1)
            case .slice(let start, let stop, let step) where step == nil || step == 1:
                let (first, _, n) = try NDArray.sliceBounds(start: start, stop: stop, step: 1, length: rows)
                range = first..<(first + n)
                rowShape.insert(n, at: 0)
            default: break
            }
            if let range = range {
                let elements = (range.lowerBound * rowSize)..<(range.upperBound * rowSize)
                switch storage {
                case .float64(let a): return NDArray(uncheckedShape: rowShape, .float64(Array(a[elements])))
                case .float32(let a): return NDArray(uncheckedShape: rowShape, .float32(Array(a[elements])))
                case .int64(let a): return NDArray(uncheckedShape: rowShape, .int64(Array(a[elements])))
                case .bool(let a): return NDArray(uncheckedShape: rowShape, .bool(Array(a[elements])))
                case .string(let a): return NDArray(uncheckedShape: rowShape, .string(Array(a[elements])))
                }
            }
        }
        let plan = try plan(indices)
        return gathered(plan.offsets, shape: plan.shape)
    }

    /// The element at an integer position per axis (negative counts from the end).
    /// - Throws: `.index` when out of range or the count of indices is not the rank.
    public func element(at position: [Int]) throws -> NDArrayScalar {
        guard position.count == rank else {
            throw NDArrayError(.index, "too many indices for array: array is \(rank)-dimensional, but \(position.count) were indexed")
        }
        let strides = NDArray.strides(of: shape)
        var offset = 0
        for (k, i) in position.enumerated() { offset += try NDArray.normalize(i, axis: k, size: shape[k]) * strides[k] }
        return scalar(at: offset)
    }

    /// numpy's `a[indices] = value`: `value` is broadcast to the selection and cast to this
    /// array's dtype (floats into an int array truncate; a str into a numeric array must parse).
    /// Repeated fancy indices keep the last write, as numpy does.
    /// - Throws: `.index` as `subscripted`, `.value` when `value` cannot be broadcast or cast.
    public mutating func assign(_ value: NDArray, at indices: [NDArrayIndex]) throws {
        let plan = try plan(indices)
        let source: NDArray
        do {
            source = try value.converted(to: dtype).broadcast(to: plan.shape)
        } catch let error as NDArrayError where error.kind == .value && value.dtype != .string {
            throw NDArrayError(.value, "shape mismatch: value array of shape \(NDArray.describe(shape: value.shape)) could not be broadcast to indexing result of shape \(NDArray.describe(shape: plan.shape))")
        }
        scatter(source.storage, to: plan.offsets)
    }
}

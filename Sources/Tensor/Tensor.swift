// The engine's n-dimensional array: Float32, row-major, contiguous, value semantics.
#if canImport(Glibc)
import Glibc
#endif

/// The memory behind a `Tensor`: `count` Float32 values, zero-initialised (except through
/// `init(uninitializedCount:)`, whose caller writes them all), freed with the object.
///
/// `pointer` gives direct, unchecked access for compute kernels. Writing through it bypasses
/// `Tensor`'s copy-on-write: only code that owns the storage exclusively (e.g. an executor's
/// internal buffers, never handed out without `Tensor.copied()`) may do so.
public final class TensorStorage {
    /// Number of Float32 elements.
    public let count: Int
    /// The first element; valid for `count` elements while the storage lives.
    public let pointer: UnsafeMutablePointer<Float>

    /// Allocates `count` zeroed elements.
    /// - Throws: `EngineError.outOfMemory` when the request exceeds available memory.
    public convenience init(count: Int) throws {
        try MemoryGuard.check(count: count)
        self.init(uncheckedCount: count)
    }

    /// Allocates without the memory check (for sizes that already exist in memory).
    init(uncheckedCount count: Int) {
        self.count = count
        (pointer, fromPosixMemalign) = Self.allocate(count: Swift.max(count, 1))
        pointer.initialize(repeating: 0, count: Swift.max(count, 1))
    }

    /// Allocates `count` elements left uninitialised, in small pages, for a caller that writes
    /// every one of them before anything reads them (see `Tensor.init(shape:initializingWith:)`).
    /// - Throws: `EngineError.outOfMemory`.
    init(uninitializedCount count: Int) throws {
        try MemoryGuard.check(count: count)
        self.count = count
        (pointer, fromPosixMemalign) = Self.allocate(count: Swift.max(count, 1), hugePages: false)
        if count == 0 { pointer.initialize(to: 0) }
    }

    /// An unchecked copy of `other` (its size was already allowed once).
    init(copying other: TensorStorage) {
        count = other.count
        (pointer, fromPosixMemalign) = Self.allocate(count: Swift.max(count, 1))
        pointer.initialize(from: other.pointer, count: Swift.max(count, 1))
    }

    deinit {
        if fromPosixMemalign { free(pointer) } else { pointer.deallocate() }
    }

    /// The buffer came from `posix_memalign` (released with `free`).
    private let fromPosixMemalign: Bool

    /// Buffers of at least this many bytes start on a 2 MB boundary and ask Linux for
    /// transparent huge pages (`madvise(MADV_HUGEPAGE)`; the system default is often
    /// "madvise"): embedding tables and their optimizer state are read at random rows, and
    /// with 4 KB pages nearly every row read costs a TLB miss. Without huge pages the buffer
    /// simply keeps 4 KB pages.
    static let hugePageBytes = 4 << 20

    /// Asks Linux for transparent huge pages (`madvise(MADV_HUGEPAGE)`) over the whole 2 MB
    /// pages inside `bytes` bytes at `pointer`, memory not touched yet that is about to be
    /// written in full (e.g. a prediction of tens of MB, whose first touch would otherwise
    /// fault once per 4 KB page). Does nothing below `hugePageBytes` or off Linux.
    public static func adviseHugePages(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= hugePageBytes else { return }
        let page = 2 << 20, start = Int(bitPattern: pointer), end = start + bytes
        let first = (start + page - 1) / page * page, last = end / page * page
        guard last > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(aligned, last - first, MADV_HUGEPAGE)
        #endif
    }

    /// `count` uninitialised floats; with `hugePages`, from `hugePageBytes` up, 2 MB aligned and
    /// marked for huge pages (then `true`: the buffer is released with `free`).
    private static func allocate(count: Int, hugePages: Bool = true) -> (UnsafeMutablePointer<Float>, Bool) {
        let bytes = count * MemoryLayout<Float>.stride
        #if os(Linux)
        var raw: UnsafeMutableRawPointer?
        if hugePages, bytes >= hugePageBytes, posix_memalign(&raw, 2 << 20, bytes) == 0, let raw {
            adviseHugePages(raw, bytes: bytes)
            return (raw.bindMemory(to: Float.self, capacity: count), true)
        }
        #endif
        return (UnsafeMutablePointer<Float>.allocate(capacity: count), false)
    }
}

/// A Float32 n-dimensional array, row-major and contiguous, like an MXNet `NDArray` on the CPU.
///
/// `Tensor` has value semantics (copy-on-write): assigning it shares the storage until one of the
/// copies is mutated. A 0-dimensional tensor (`shape == []`) holds one scalar.
public struct Tensor: CustomStringConvertible {
    /// The dimensions, outermost first, e.g. `[batch, features]`.
    public private(set) var shape: [Int]
    /// The storage; see `TensorStorage` for when writing through its pointer is allowed.
    public private(set) var storage: TensorStorage

    /// A tensor of `shape` with every element `value` (default 0).
    /// - Throws: `EngineError.invalidArgument` for a negative dimension, `.outOfMemory` when
    ///   the tensor would not fit in available memory.
    public init(shape: [Int], repeating value: Float = 0) throws {
        let count = try MemoryGuard.elementCount(of: shape)
        self.shape = shape
        storage = try TensorStorage(count: count)
        if value != 0 { storage.pointer.update(repeating: value, count: count) }
    }

    /// A tensor of `shape` whose elements `initialize` writes, every one of them, through the
    /// pointer it gets (`count` floats, row-major). The memory is not cleared first, nor backed
    /// by huge pages: a large result computed in parallel (`Module.predict`) then touches each
    /// page once, on the thread that computes it.
    /// - Throws: `EngineError.invalidArgument` for a negative dimension, `.outOfMemory`, and
    ///   what `initialize` throws (the tensor is then discarded).
    public init(shape: [Int], initializingWith initialize: (UnsafeMutablePointer<Float>) throws -> Void) throws {
        let count = try MemoryGuard.elementCount(of: shape)
        self.shape = shape
        storage = try TensorStorage(uninitializedCount: count)
        try initialize(storage.pointer)
    }

    /// A tensor of `shape` holding `scalars` in row-major order.
    /// - Throws: `EngineError.shapeMismatch` when `scalars.count` differs from the shape's size.
    public init(shape: [Int], scalars: [Float]) throws {
        let count = try MemoryGuard.elementCount(of: shape)
        guard count == scalars.count else {
            throw EngineError.shapeMismatch("cannot make a tensor of shape \(shape) from \(scalars.count) values")
        }
        self.shape = shape
        storage = try TensorStorage(count: count)
        scalars.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.pointer.update(from: base, count: count) }
        }
    }

    /// A tensor of `shape` from Float64 values, each rounded to the nearest Float32.
    /// - Throws: `EngineError.shapeMismatch` when `values.count` differs from the shape's size.
    public init(shape: [Int], converting values: [Double]) throws {
        try self.init(shape: shape)
        guard count == values.count else {
            throw EngineError.shapeMismatch("cannot make a tensor of shape \(shape) from \(values.count) values")
        }
        let pointer = storage.pointer
        for index in 0..<values.count { pointer[index] = Float(values[index]) }
    }

    /// A one-dimensional tensor `[scalars.count]`.
    public init(_ scalars: [Float]) {
        shape = [scalars.count]
        // The array already exists in memory, so an equal-sized copy needs no check.
        storage = TensorStorage(uncheckedCount: scalars.count)
        let pointer = storage.pointer
        scalars.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.update(from: base, count: source.count) }
        }
    }

    /// Number of elements (the product of `shape`).
    public var count: Int { storage.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// All elements in row-major order (copied in parallel chunks when large).
    public var scalars: [Float] {
        let source = storage.pointer, count = self.count
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let destination = buffer.baseAddress {
                Parallel.forEachChunk(count: count, minimumChunk: 1 << 20) { range in
                    (destination + range.lowerBound).initialize(from: source + range.lowerBound, count: range.count)
                }
            }
            initialized = count
        }
    }

    /// The element at the multi-index `indices` (one per dimension, each in `0..<shape[d]`).
    /// - Throws: `EngineError.invalidArgument` for a wrong number of indices, `.indexOutOfBounds`
    ///   for an index outside its dimension.
    public func element(at indices: [Int]) throws -> Float {
        try storage.pointer[flatIndex(indices)]
    }

    /// Sets the element at the multi-index `indices`.
    /// - Throws: as `element(at:)`.
    public mutating func setElement(_ value: Float, at indices: [Int]) throws {
        let index = try flatIndex(indices)
        makeUnique()
        storage.pointer[index] = value
    }

    private func flatIndex(_ indices: [Int]) throws -> Int {
        guard indices.count == shape.count else {
            throw EngineError.invalidArgument("expected \(shape.count) indices for a tensor of shape \(shape), got \(indices.count)")
        }
        var flat = 0
        for (axis, index) in indices.enumerated() {
            guard index >= 0, index < shape[axis] else {
                throw EngineError.indexOutOfBounds("index \(index) is out of bounds for axis \(axis) with size \(shape[axis])")
            }
            flat = flat * shape[axis] + index
        }
        return flat
    }

    /// The same elements viewed with another shape (numpy's `reshape`; no data is copied).
    /// - Throws: `EngineError.shapeMismatch` when the sizes differ.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        let newCount = try MemoryGuard.elementCount(of: newShape)
        guard newCount == count else {
            throw EngineError.shapeMismatch("cannot reshape array of size \(count) into shape \(newShape)")
        }
        var result = self
        result.shape = newShape
        return result
    }

    /// A copy with its own storage (so writing through `storage.pointer` cannot affect `self`).
    public func copied() -> Tensor {
        var result = self
        result.storage = TensorStorage(copying: storage)
        return result
    }

    /// Sets every element to `value`.
    public mutating func fill(_ value: Float) {
        makeUnique()
        storage.pointer.update(repeating: value, count: count)
    }

    /// Calls `body` with read-only access to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Calls `body` with mutable access to the elements, copying the storage first if shared.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = TensorStorage(copying: storage) }
    }

    /// A short summary, e.g. `Tensor(shape: [2, 3], [1.0, 2.0, …])`.
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

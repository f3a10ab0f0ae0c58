// NDArrayIter: batches over in-memory arrays, with MXNet 1.x semantics.
import Tensor

/// What an iterator does with a last batch smaller than the batch size (MXNet's
/// `last_batch_handle`).
public enum LastBatchHandle: String, Sendable {
    /// Fill the batch with samples from the start of the data and report how many (`pad`).
    case pad
    /// Drop the incomplete batch.
    case discard
}

/// One batch: data and labels in the iterator's name order, and how many trailing samples are
/// padding (MXNet `DataBatch`).
public struct DataBatch {
    public var data: [Tensor]
    public var label: [Tensor]
    public var pad: Int
}

/// The samples of one `NDArrayIter` input: a float32 tensor, or a numpy array (float64, int64,
/// float32 or bool) read as float32 batch by batch. MXNet copies numpy input into a float32
/// NDArray up front; the batches hold the same values (float64 and int64 round to nearest as
/// numpy's `astype(float32)`), without a float32 copy of the whole data. The array is a value:
/// later changes to the script's array do not reach the iterator, as with MXNet's copy.
public enum SampleArray {
    case tensor(Tensor)
    case array(NDArray)

    /// `[samples, d…]` (a 0-d array is one sample).
    public var shape: [Int] {
        switch self {
        case .tensor(let tensor): return tensor.shape
        case .array(let array): return array.shape.isEmpty ? [1] : array.shape
        }
    }

    /// Copies `count` floats starting at element `start` (row-major) into `destination`.
    @inline(__always)
    func copy(from start: Int, count: Int, to destination: UnsafeMutablePointer<Float>) {
        switch self {
        case .tensor(let tensor):
            destination.update(from: tensor.storage.pointer + start, count: count)
        case .array(let array):
            switch array.storage {
            case .float32(let values):
                values.withUnsafeBufferPointer { source in
                    for k in 0..<count { destination[k] = source[start + k] }
                }
            case .float64(let values):
                values.withUnsafeBufferPointer { source in
                    for k in 0..<count { destination[k] = Float(source[start + k]) }
                }
            case .int64(let values):
                values.withUnsafeBufferPointer { source in
                    for k in 0..<count { destination[k] = Float(Double(source[start + k])) }
                }
            case .bool(let values):
                values.withUnsafeBufferPointer { source in
                    for k in 0..<count { destination[k] = source[start + k] ? 1 : 0 }
                }
            case .string:
                destination.update(repeating: .nan, count: count)
            }
        }
    }
}

/// Iterates over arrays held in memory in batches (MXNet `mx.io.NDArrayIter`).
///
/// Every array's first axis is the sample axis; a batch of arrays shaped `[n, d…]` is
/// `[batchSize, d…]`. Defaults follow MXNet 1.x: no shuffling, `last_batch_handle='pad'` (the
/// last batch is completed with samples from the start and `pad` says how many), label name
/// `softmax_label`. With `shuffle` the sample order is redrawn from the engine generator at
/// creation and at each `reset()`.
public final class NDArrayIter {
    /// Samples per batch.
    public let batchSize: Int
    /// Number of samples in the data.
    public let sampleCount: Int
    public let shuffle: Bool
    public let lastBatchHandle: LastBatchHandle
    /// Data names, in the order given.
    public let dataNames: [String]
    /// Label names (`["softmax_label"]` for a single label), possibly empty.
    public let labelNames: [String]

    private let data: [SampleArray]
    private let label: [SampleArray]
    /// The sample order when shuffling (`nil`: the data's own order, with no index array).
    private var order: [Int]?
    private var cursor: Int

    /// The current batch's data buffers (valid after `advance()` returned `true`), one per data
    /// name, shaped `[batchSize, d…]`; overwritten by the next `advance()`.
    public private(set) var batchData: [Tensor]
    /// The current batch's label buffers, one per label name.
    public private(set) var batchLabel: [Tensor]
    /// How many trailing samples of the current batch are padding.
    public private(set) var pad = 0

    /// An iterator over named data and label arrays.
    /// - Parameters:
    ///   - data: (name, array) pairs, each array `[samples, d…]`.
    ///   - label: (name, array) pairs, e.g. `[("softmax_label", ratings)]`; may be empty.
    /// - Throws: `EngineError.invalidArgument` for a batch size < 1, no data, or arrays of
    ///   different sample counts; `.outOfMemory` when the batch buffers do not fit.
    public convenience init(
        data: [(String, Tensor)], label: [(String, Tensor)] = [], batchSize: Int,
        shuffle: Bool = false, lastBatchHandle: LastBatchHandle = .pad
    ) throws {
        try self.init(samples: data.map { ($0.0, .tensor($0.1)) }, label: label.map { ($0.0, .tensor($0.1)) },
                      batchSize: batchSize, shuffle: shuffle, lastBatchHandle: lastBatchHandle)
    }

    /// An iterator over named arrays of any numeric dtype, read as float32 batch by batch (see
    /// `SampleArray`); otherwise as `init(data:label:batchSize:shuffle:lastBatchHandle:)`.
    /// - Throws: as that initializer, and `EngineError.invalidArgument` for an array of strings.
    public init(
        samples data: [(String, SampleArray)], label: [(String, SampleArray)] = [], batchSize: Int,
        shuffle: Bool = false, lastBatchHandle: LastBatchHandle = .pad
    ) throws {
        guard batchSize >= 1 else {
            throw EngineError.invalidArgument("batch_size must be a positive integer, got \(batchSize)")
        }
        guard let first = data.first else {
            throw EngineError.invalidArgument("NDArrayIter needs at least one data array")
        }
        let all = data + label
        for (name, samples) in all {
            guard !samples.shape.isEmpty else {
                throw EngineError.invalidArgument("'\(name)' must have a sample axis, got a 0-d array")
            }
            if case .array(let array) = samples, array.dtype == .string {
                throw EngineError.invalidArgument("'\(name)': cannot convert an array of strings to float32")
            }
        }
        let count = first.1.shape[0]
        for (name, samples) in all where samples.shape[0] != count {
            throw EngineError.invalidArgument("all arrays must have the same number of samples: '\(first.0)' has \(count), '\(name)' has \(samples.shape[0])")
        }
        var names = Set<String>()
        for (name, _) in all where !names.insert(name).inserted {
            throw EngineError.invalidArgument("the name '\(name)' is used twice")
        }
        self.batchSize = batchSize
        sampleCount = count
        self.shuffle = shuffle
        self.lastBatchHandle = lastBatchHandle
        dataNames = data.map(\.0)
        labelNames = label.map(\.0)
        self.data = data.map(\.1)
        self.label = label.map(\.1)
        order = nil
        cursor = -batchSize
        batchData = try data.map { try Tensor(shape: [batchSize] + $0.1.shape.dropFirst()) }
        batchLabel = try label.map { try Tensor(shape: [batchSize] + $0.1.shape.dropFirst()) }
        if shuffle { shuffleOrder() }
    }

    /// An iterator with one optional label array named `labelName` (default `softmax_label`),
    /// the usual call `NDArrayIter(data: [("user", u), ("movie", m)], label: ratings, batchSize: 100)`.
    /// - Throws: as `init(data:label:batchSize:shuffle:lastBatchHandle:)`.
    public convenience init(
        data: [(String, Tensor)], label: Tensor?, labelName: String = "softmax_label", batchSize: Int,
        shuffle: Bool = false, lastBatchHandle: LastBatchHandle = .pad
    ) throws {
        try self.init(data: data, label: label.map { [(labelName, $0)] } ?? [], batchSize: batchSize,
                      shuffle: shuffle, lastBatchHandle: lastBatchHandle)
    }

    /// (name, batch shape) of each data input, e.g. `[("user", [100])]` (MXNet `provide_data`).
    public var provideData: [(name: String, shape: [Int])] {
        zip(dataNames, batchData).map { ($0, $1.shape) }
    }

    /// (name, batch shape) of each label (MXNet `provide_label`).
    public var provideLabel: [(name: String, shape: [Int])] {
        zip(labelNames, batchLabel).map { ($0, $1.shape) }
    }

    /// Batches per pass: `ceil(n / batchSize)` with padding, `floor(n / batchSize)` discarding.
    public var batchesPerEpoch: Int {
        lastBatchHandle == .pad ? (sampleCount + batchSize - 1) / batchSize : sampleCount / batchSize
    }

    /// Samples a full pass yields once padding is removed.
    public var samplesPerEpoch: Int {
        lastBatchHandle == .pad ? sampleCount : batchesPerEpoch * batchSize
    }

    /// Goes back to the first batch (reshuffling when `shuffle`).
    public func reset() {
        if shuffle { shuffleOrder() }
        cursor = -batchSize
    }

    /// Loads the next batch into `batchData`/`batchLabel`/`pad`; `false` at the end of the pass.
    public func advance() -> Bool {
        cursor += batchSize
        let available = sampleCount - cursor
        switch lastBatchHandle {
        case .pad: guard available > 0 else { return false }
        case .discard: guard available >= batchSize else { return false }
        }
        pad = max(batchSize - available, 0)
        for index in data.indices { fill(&batchData[index], from: data[index]) }
        for index in label.indices { fill(&batchLabel[index], from: label[index]) }
        return true
    }

    /// The next batch as copies (for callers that keep batches), or `nil` at the end of the pass.
    public func next() -> DataBatch? {
        guard advance() else { return nil }
        return DataBatch(data: batchData.map { $0.copied() }, label: batchLabel.map { $0.copied() }, pad: pad)
    }

    /// Copies samples `order[cursor…]` (wrapping to the start for padding) into `batch`.
    private func fill(_ batch: inout Tensor, from source: SampleArray) {
        let (cursor, batchSize, sampleCount) = (self.cursor, self.batchSize, self.sampleCount)
        let width = sampleCount == 0 ? 0 : batch.count / batchSize
        let order = self.order
        batch.withUnsafeMutableBufferPointer { destination in
            guard let base = destination.baseAddress, sampleCount > 0 else { return }
            var row = 0
            while row < batchSize {
                let position = (cursor + row) % sampleCount
                // A run of consecutive samples is one copy: up to the end of the data without
                // shuffling, one sample at a time in a shuffled order.
                let run: Int, sample: Int
                if let order {
                    sample = order[position]
                    run = 1
                } else {
                    sample = position
                    run = Swift.min(batchSize - row, sampleCount - position)
                }
                source.copy(from: sample * width, count: run * width, to: base + row * width)
                row += run
            }
        }
    }

    private func shuffleOrder() {
        var shuffled = order ?? Array(0..<sampleCount)
        EngineRandom.withGenerator { generator in shuffled.shuffle(using: &generator) }
        order = shuffled
    }
}

// Inference folding: a fully connected layer over concatenated embeddings becomes a sum of
// projected embedding rows, since FC(concat(E₁[i], E₂[j])) = (E₁·W₁ᵀ + b)[i] + (E₂·W₂ᵀ)[j].
import Tensor

/// One table of a folded inference graph: `embedding weight [inputDim, width] ·
/// W[:, columnOffset ..< columnOffset + width]ᵀ (+ bias)`, shape `[inputDim, hidden]`, where `W`
/// is the fully connected layer's weight `[hidden, features]`.
public struct EmbeddingProjection: Sendable {
    /// The folded graph's variable holding the table, `<layer>/<embedding>_projection`.
    public let name: String
    /// The embedding's weight argument (`[inputDim, width]`).
    public let embeddingWeight: String
    /// The fully connected layer's weight argument (`[hidden, features]`).
    public let fullyConnectedWeight: String
    /// The layer's bias argument (`[hidden]`), added into the first table of a layer only.
    public let bias: String?
    /// Rows of the embedding table (its `input_dim`).
    public let inputDim: Int
    /// The embedding's `output_dim`: the columns of `W` this table covers.
    public let width: Int
    /// The fully connected layer's input width (`W`'s row length).
    public let features: Int
    /// Where the embedding's columns start in the layer's input.
    public let columnOffset: Int
    /// The layer's `num_hidden`: the table's row length.
    public let hidden: Int

    /// Writes the table `[inputDim, hidden]` into `table` from the embedding weight
    /// (`[inputDim, width]`), the layer's weight (`[hidden, features]`) and bias (`[hidden]`,
    /// or nil), in parallel blocks of rows; each element is the dot product in column order
    /// plus the bias, as the layer's forward pass would compute it for that embedding alone.
    public func compute(embedding: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        into table: UnsafeMutablePointer<Float>) {
        let padded = BLAS.paddedWidth(hidden)
        // Wᵀ as `narrowProduct` takes it, [features, paddedWidth(hidden)]; this table's B is its
        // rows `columnOffset ..< columnOffset + width`.
        let transposed = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(features * padded, 1))
        let paddedBias = UnsafeMutablePointer<Float>.allocate(capacity: padded)
        defer {
            transposed.deallocate()
            paddedBias.deallocate()
        }
        BLAS.padRows(weight, rows: features, columns: hidden, transpose: true, into: transposed)
        if let bias { BLAS.padRows(bias, rows: 1, columns: hidden, transpose: false, into: paddedBias) }
        let block = UnsafePointer(transposed + columnOffset * padded)
        let (width, hidden) = (self.width, self.hidden)
        let biasRow: UnsafePointer<Float>? = bias == nil ? nil : UnsafePointer(paddedBias)
        Parallel.forEachChunk(count: inputDim, minimumChunk: 2048) { range in
            BLAS.narrowProduct(rows: range, k: width, n: hidden, a: embedding, lda: width, paddedB: block,
                               c: table, ldc: hidden, bias: biasRow)
        }
    }
}

/// An inference graph with its embedding-projection tables (see
/// `Symbol.foldingEmbeddingProjections`), and what it costs against the original graph.
public struct InferenceFolding {
    /// The folded graph: same outputs, names and remaining arguments as the original.
    public let symbol: Symbol
    /// The tables the folded graph reads, to compute from the parameters before each run.
    public let projections: [EmbeddingProjection]
    /// Multiply-adds per sample of the layers folded away (`Σ features · hidden`).
    public let directCostPerSample: Int
    /// Additions per sample of their replacements (`Σ embeddings · hidden`).
    public let foldedCostPerSample: Int
    /// How many more floats each sample gathers from the tables than from the embeddings
    /// (`Σ (hidden − width)`; negative when the tables are narrower).
    public let extraGatheredPerSample: Int
    /// Multiply-adds to compute every table once (`Σ inputDim · width · hidden`).
    public var tableCost: Int { projections.reduce(0) { $0 + $1.inputDim * $1.width * $1.hidden } }

    /// What one more float gathered per sample costs, in multiply-adds: table rows are read at
    /// random, mostly from memory rather than cache, at about 8 multiply-adds' time per byte
    /// (measured on the benchmark machine: folding the genre model's 15-, 20- and 5-wide
    /// embeddings into 64-wide tables did not speed up its prediction; folding deep MF's two
    /// 25-wide ones did, by a quarter).
    public static let gatheredFloatCost = 32

    /// Whether folding costs less than the original layers over `samples` rows, counting one
    /// computation of the tables and the extra bytes gathered: small predictions on large
    /// tables, and narrow embeddings, run the original graph.
    public func paysOff(samples: Int) -> Bool {
        let folded = Swift.max(0, foldedCostPerSample + Self.gatheredFloatCost * extraGatheredPerSample)
        let direct = samples.multipliedReportingOverflow(by: directCostPerSample)
        let perSample = samples.multipliedReportingOverflow(by: folded)
        guard !direct.overflow, !perSample.overflow else { return folded < directCostPerSample }
        return tableCost + perSample.partialValue <= direct.partialValue
    }
}

extension Symbol {
    /// The widest layer (`num_hidden`) that folding handles.
    static let foldedHiddenLimit = BLAS.narrowProductLimit

    /// This graph for inference with every fully connected layer whose input is one embedding,
    /// or a concatenation (axis 1) of embeddings, of one index per sample (flattened or not)
    /// replaced by a sum of rows of projected tables: `FC(concat(E₁[i], E₂[j]))` =
    /// `(E₁·W₁ᵀ + b)[i] + (E₂·W₂ᵀ)[j]`, where `Wₖ` are the columns of the layer's weight that
    /// multiply embedding k. The same function up to float rounding (the bias is added before
    /// the second table's terms); an index out of range raises the embedding's own error.
    /// Folded layers have at most 64 units and read each embedding once; weights and biases
    /// must be variables, and the projection names must not clash with the graph's arguments
    /// or with each other (two layers of one name).
    ///
    /// - Parameter known: argument shapes, as for `inferShape` (the data shapes).
    /// - Returns: nil when no layer folds.
    /// - Throws: shape errors from `inferShape`.
    public func foldingEmbeddingProjections(_ known: [String: [Int]]) throws -> InferenceFolding? {
        let shapes = try inferAllShapes(known)
        let order = topologicalOrder()
        let argumentNames = Set(order.filter(\.isVariable).map(\.name))
        var replacements: [ObjectIdentifier: Symbol] = [:]
        var projections: [EmbeddingProjection] = []
        var direct = 0, folded = 0, extraGathered = 0
        for node in order where !node.isVariable {
            if let (replacement, tables) = foldedLayer(node, shapes: shapes, argumentNames: argumentNames),
               tables.allSatisfy({ table in !projections.contains { $0.name == table.name } }) {
                replacements[ObjectIdentifier(node)] = replacement
                projections += tables
                let hidden = tables.first?.hidden ?? 0
                direct += (tables.first?.features ?? 0) * hidden
                folded += tables.count * hidden
                extraGathered += tables.reduce(0) { $0 + hidden - $1.width }
                continue
            }
            let inputs = node.inputs.map { replacements[ObjectIdentifier($0)] ?? $0 }
            if zip(inputs, node.inputs).contains(where: { $0 !== $1 }) {
                replacements[ObjectIdentifier(node)] = Symbol(name: node.name, operation: node.operation, inputs: inputs,
                                                              auxiliaryInputIndices: node.auxiliaryInputIndices)
            }
        }
        guard !projections.isEmpty else { return nil }
        return InferenceFolding(symbol: replacements[ObjectIdentifier(self)] ?? self, projections: projections,
                                directCostPerSample: direct, foldedCostPerSample: folded,
                                extraGatheredPerSample: extraGathered)
    }

    /// The replacement of `node` and its tables when it is a foldable fully connected layer.
    private func foldedLayer(_ node: Symbol, shapes: GraphShapes, argumentNames: Set<String>)
        -> (Symbol, [EmbeddingProjection])? {
        guard case let .fullyConnected(hidden, noBias, _) = node.operation, hidden <= Self.foldedHiddenLimit,
              node.inputs.count == (noBias ? 2 : 3), node.inputs[1].isVariable,
              noBias || node.inputs[2].isVariable, var data = node.inputs.first,
              shapes.nodes[ObjectIdentifier(data)]?.count == 2 else { return nil }
        if case .flatten = data.operation, let inner = data.inputs.first, shapes.nodes[ObjectIdentifier(inner)]?.count == 2 {
            data = inner
        }
        var parts = [data]
        if case let .concat(dimension) = data.operation, dimension == 1 || dimension == -1 { parts = data.inputs }
        // One table per embedding: a layer that reads an embedding twice is not folded.
        guard Set(parts.map(ObjectIdentifier.init)).count == parts.count else { return nil }
        var tables: [EmbeddingProjection] = []
        var offset = 0
        let features = shapes.nodes[ObjectIdentifier(node.inputs[0])]?.last ?? 0
        for part in parts {
            guard case let .embedding(inputDim, width, _) = part.operation, part.inputs.count == 2, part.inputs[1].isVariable,
                  let indexShape = part.inputs[0].isVariable ? shapes.variables[part.inputs[0].name]
                                                             : shapes.nodes[ObjectIdentifier(part.inputs[0])],
                  indexShape.count == 1 else { return nil }
            let name = "\(node.name)/\(part.name)_projection"
            guard !argumentNames.contains(name) else { return nil }
            tables.append(EmbeddingProjection(
                name: name, embeddingWeight: part.inputs[1].name, fullyConnectedWeight: node.inputs[1].name,
                bias: tables.isEmpty && !noBias ? node.inputs[2].name : nil, inputDim: inputDim, width: width,
                features: features, columnOffset: offset, hidden: hidden))
            offset += width
        }
        guard offset == features, !tables.isEmpty else { return nil }
        let variables = tables.map { Symbol(name: $0.name, operation: .variable, inputs: []) }
        let replacement = Symbol(
            name: node.name,
            operation: .projectedEmbeddingSum(layers: parts.map(\.name), inputDims: tables.map(\.inputDim), outputDim: hidden),
            inputs: parts.map { $0.inputs[0] } + variables)
        return (replacement, tables)
    }
}

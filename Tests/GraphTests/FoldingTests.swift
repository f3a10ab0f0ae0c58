import XCTest
import Graph
import Tensor

/// Inference folding (`Symbol.foldingEmbeddingProjections`): a fully connected layer over
/// concatenated embeddings replaced by a sum of rows of projected tables must give the outputs
/// of the original graph, raise the embeddings' own errors, and leave alone what it cannot fold.
final class FoldingTests: XCTestCase {
    private let batch = 11

    private func tensor(_ shape: [Int], seed: UInt64, awayFromZero: Float = 0) throws -> Tensor {
        try Tensor(shape: shape, scalars: testValues(shape.reduce(1, *), seed: seed, awayFromZero: awayFromZero))
    }

    private func indices(_ bound: Int, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor((0..<batch).map { _ in Float(generator.next() % UInt64(bound)) })
    }

    /// Runs `symbol` unfolded and folded on `values` (every argument by name) and returns both
    /// outputs, after checking which tables the folding made.
    private func outputs(_ symbol: Symbol, _ values: [String: Tensor], tables: [String]) throws -> ([Float], [Float]) {
        let dataShapes = values.filter { $0.value.rank == 1 && $0.value.count == batch }.mapValues(\.shape)
        let original = try Executor(symbol: symbol, shapes: values.mapValues(\.shape))
        for (name, value) in values { try original.setValue(name, to: value) }
        try original.forward(isTraining: false)

        let folding = try XCTUnwrap(symbol.foldingEmbeddingProjections(dataShapes))
        XCTAssertEqual(folding.projections.map(\.name), tables)
        var foldedValues = values.filter { folding.symbol.listArguments().contains($0.key) || folding.symbol.listAuxiliaryStates().contains($0.key) }
        for projection in folding.projections {
            var table = try Tensor(shape: [projection.inputDim, projection.hidden])
            let embedding = try XCTUnwrap(values[projection.embeddingWeight])
            let weight = try XCTUnwrap(values[projection.fullyConnectedWeight])
            let bias = projection.bias.flatMap { values[$0] }
            table.withUnsafeMutableBufferPointer { destination in
                embedding.withUnsafeBufferPointer { e in
                    weight.withUnsafeBufferPointer { w in
                        if let bias {
                            bias.withUnsafeBufferPointer { b in
                                projection.compute(embedding: e.baseAddress!, weight: w.baseAddress!, bias: b.baseAddress!,
                                                   into: destination.baseAddress!)
                            }
                        } else {
                            projection.compute(embedding: e.baseAddress!, weight: w.baseAddress!, bias: nil,
                                               into: destination.baseAddress!)
                        }
                    }
                }
            }
            foldedValues[projection.name] = table
        }
        XCTAssertEqual(Set(folding.symbol.listArguments() + folding.symbol.listAuxiliaryStates()), Set(foldedValues.keys))
        let folded = try Executor(symbol: folding.symbol, shapes: foldedValues.mapValues(\.shape))
        for (name, value) in foldedValues { try folded.setValue(name, to: value) }
        try folded.forward(isTraining: false)
        XCTAssertEqual(folded.outputShape, original.outputShape)
        return (original.output.scalars, folded.output.scalars)
    }

    func testFoldedGenreNetworkWithBatchNormMatchesTheOriginal() throws {
        // user, movie and genre embeddings → concat → flatten → FC → BN → relu → FC → relu → FC(1).
        let user = Symbol.embedding(data: .variable("user"), inputDim: 13, outputDim: 5, name: "user_embedding")
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 17, outputDim: 4, name: "movie_embedding")
        let genre = Symbol.embedding(data: .variable("genre"), inputDim: 3, outputDim: 2, name: "genre_embedding")
        var network = Symbol.flatten(.concat([user, movie, genre]))
        network = .activation(data: .batchNorm(data: .fullyConnected(data: network, numHidden: 9, name: "fc1"), name: "bn"), type: .relu)
        network = .activation(data: .fullyConnected(data: network, numHidden: 10, name: "fc2"), type: .relu)
        network = .linearRegressionOutput(data: .fullyConnected(data: network, numHidden: 1, name: "fc3"), label: .variable("label"))
        let values: [String: Tensor] = [
            "user": indices(13, seed: 1), "movie": indices(17, seed: 2), "genre": indices(3, seed: 3),
            "user_embedding_weight": try tensor([13, 5], seed: 4), "movie_embedding_weight": try tensor([17, 4], seed: 5),
            "genre_embedding_weight": try tensor([3, 2], seed: 6),
            "fc1_weight": try tensor([9, 11], seed: 7), "fc1_bias": try tensor([9], seed: 8),
            "bn_gamma": try tensor([9], seed: 9, awayFromZero: 0.5), "bn_beta": try tensor([9], seed: 10),
            "bn_moving_mean": try tensor([9], seed: 11), "bn_moving_var": try Tensor(shape: [9], repeating: 0.7),
            "fc2_weight": try tensor([10, 9], seed: 12), "fc2_bias": try tensor([10], seed: 13),
            "fc3_weight": try tensor([1, 10], seed: 14), "fc3_bias": try tensor([1], seed: 15),
            "label": try Tensor(shape: [batch, 1]),
        ]
        let (original, folded) = try outputs(network, values, tables: [
            "fc1/user_embedding_projection", "fc1/movie_embedding_projection", "fc1/genre_embedding_projection",
        ])
        XCTAssertTrue(original.contains { $0 != 0 })
        assertClose(folded, original, rtol: 1e-5, atol: 1e-6, "folded genre network")
    }

    func testFoldedDeepMatrixFactorizationMatchesTheOriginal() throws {
        // Deep MF's shape: two embeddings → concat → FC(16) → relu → FC(1); two tables of whole
        // 8-lane groups, with the relu fused into the folded sum and without it.
        for relu in [true, false] {
            let user = Symbol.embedding(data: .variable("user"), inputDim: 23, outputDim: 5, name: "user_embedding")
            let movie = Symbol.embedding(data: .variable("movie"), inputDim: 29, outputDim: 3, name: "movie_embedding")
            var hidden = Symbol.fullyConnected(data: .concat([user, movie]), numHidden: 16, name: "fc1")
            if relu { hidden = .activation(data: hidden, type: .relu) }
            let network = Symbol.fullyConnected(data: hidden, numHidden: 1, name: "fc2")
            let values: [String: Tensor] = [
                "user": indices(23, seed: 30), "movie": indices(29, seed: 31),
                "user_embedding_weight": try tensor([23, 5], seed: 32), "movie_embedding_weight": try tensor([29, 3], seed: 33),
                "fc1_weight": try tensor([16, 8], seed: 34), "fc1_bias": try tensor([16], seed: 35),
                "fc2_weight": try tensor([1, 16], seed: 36), "fc2_bias": try tensor([1], seed: 37),
            ]
            let (original, folded) = try outputs(network, values, tables: [
                "fc1/user_embedding_projection", "fc1/movie_embedding_projection",
            ])
            XCTAssertTrue(original.contains { $0 != 0 })
            assertClose(folded, original, rtol: 1e-5, atol: 1e-6, "folded deep MF, relu \(relu)")
        }
    }

    func testFoldedLayerWithFusedReluAndWithoutBiasOrConcat() throws {
        // One embedding straight into a layer without bias, its relu fused into the folded sum.
        let user = Symbol.embedding(data: .variable("user"), inputDim: 19, outputDim: 6, name: "user_embedding")
        let hidden = Symbol.activation(data: .fullyConnected(data: user, numHidden: 12, noBias: true, name: "fc1"), type: .relu)
        let network = Symbol.fullyConnected(data: hidden, numHidden: 3, name: "fc2")
        let values: [String: Tensor] = [
            "user": indices(19, seed: 20), "user_embedding_weight": try tensor([19, 6], seed: 21),
            "fc1_weight": try tensor([12, 6], seed: 22), "fc2_weight": try tensor([3, 12], seed: 23),
            "fc2_bias": try tensor([3], seed: 24),
        ]
        let (original, folded) = try outputs(network, values, tables: ["fc1/user_embedding_projection"])
        assertClose(folded, original, rtol: 1e-5, atol: 1e-6, "folded layer without bias")
    }

    func testFoldedIndexOutOfRangeRaisesTheEmbeddingsError() throws {
        let user = Symbol.embedding(data: .variable("user"), inputDim: 4, outputDim: 3, name: "user_embedding")
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 5, outputDim: 3, name: "movie_embedding")
        let network = Symbol.fullyConnected(data: .concat([user, movie]), numHidden: 2, name: "fc")
        let folding = try XCTUnwrap(network.foldingEmbeddingProjections(["user": [3], "movie": [3]]))
        let executor = try Executor(symbol: folding.symbol, shapes: ["user": [3], "movie": [3]])
        try executor.setValue("user", to: Tensor([0, 3, 1]))
        try executor.setValue("movie", to: Tensor([2, 5, 1]))
        XCTAssertThrowsError(try executor.forward(isTraining: false)) { error in
            XCTAssertEqual("\(error)", "movie_embedding: index 5 is out of range for input_dim 5")
        }
        try executor.setValue("movie", to: Tensor([2, .nan, 1]))
        XCTAssertThrowsError(try executor.forward(isTraining: false)) { error in
            XCTAssertEqual("\(error)", "movie_embedding: index nan is not a valid row index for input_dim 5")
        }
    }

    func testLayersThatCannotFoldAreLeftAlone() throws {
        let user = Symbol.embedding(data: .variable("user"), inputDim: 4, outputDim: 3, name: "user_embedding")
        // A concatenation with a dense feature.
        let mixed = Symbol.fullyConnected(data: .concat([user, .variable("features")]), numHidden: 2, name: "fc")
        XCTAssertNil(try mixed.foldingEmbeddingProjections(["user": [5], "features": [5, 2]]))
        // Two indices per sample (the embedding's output is [batch, 2, 3]).
        let pairs = Symbol.fullyConnected(data: .flatten(user), numHidden: 2, name: "fc")
        XCTAssertNil(try pairs.foldingEmbeddingProjections(["user": [5, 2]]))
        XCTAssertNotNil(try pairs.foldingEmbeddingProjections(["user": [5]]))
        // An embedding read twice by one layer, and two layers of one name folding one embedding.
        let twice = Symbol.fullyConnected(data: .concat([user, user]), numHidden: 2, name: "fc")
        XCTAssertNil(try twice.foldingEmbeddingProjections(["user": [5]]))
        let sameNames = Symbol.fullyConnected(data: user, numHidden: 2, name: "fc") + Symbol.fullyConnected(data: user, numHidden: 2, name: "fc")
        XCTAssertEqual(try sameNames.foldingEmbeddingProjections(["user": [5]])?.projections.count, 1)
        // A layer wider than 64 units.
        let wide = Symbol.fullyConnected(data: user, numHidden: 65, name: "fc")
        XCTAssertNil(try wide.foldingEmbeddingProjections(["user": [5]]))
        // A folding pays off only when the rows outweigh the tables, and the embeddings are
        // not much narrower than the layer (each sample then gathers many more floats).
        let folding = try XCTUnwrap(Symbol.fullyConnected(data: user, numHidden: 4, name: "fc").foldingEmbeddingProjections(["user": [5]]))
        XCTAssertEqual(folding.directCostPerSample, 3 * 4)
        XCTAssertEqual(folding.foldedCostPerSample, 4)
        XCTAssertEqual(folding.extraGatheredPerSample, 1)
        XCTAssertEqual(folding.tableCost, 4 * 3 * 4)
        XCTAssertFalse(folding.paysOff(samples: 1_000), "4 + 32 > 12 multiply-adds per sample")
        let wideUser = Symbol.embedding(data: .variable("user"), inputDim: 4, outputDim: 40, name: "user_embedding")
        let narrowing = try XCTUnwrap(Symbol.fullyConnected(data: wideUser, numHidden: 8, name: "fc").foldingEmbeddingProjections(["user": [5]]))
        XCTAssertEqual(narrowing.extraGatheredPerSample, -32)
        XCTAssertEqual(narrowing.tableCost, 4 * 40 * 8)
        XCTAssertFalse(narrowing.paysOff(samples: 3), "3 rows do not pay for the tables")
        XCTAssertTrue(narrowing.paysOff(samples: 5))
    }
}

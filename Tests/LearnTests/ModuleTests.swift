import Foundation
import XCTest
import Graph
import Learn
import Tensor

/// The tutorial's synthetic experiments through the Swift API, and Module's MXNet behaviours.
final class ModuleTests: XCTestCase {
    override func setUp() {
        Symbol.resetNaming()
    }

    /// Low-rank data as in the tutorial: X = a·b with a ~ N(0,1) [250, 25], b ~ N(0,1) [25, 250];
    /// 35 000 random entries, the first 25 000 for training, the rest for validation.
    private struct Synthetic {
        var trainUsers: [Float], trainMovies: [Float], trainValues: [Float]
        var validUsers: [Float], validMovies: [Float], validValues: [Float]
    }

    private func lowRankData(seed: UInt64) throws -> Synthetic {
        var generator = SeededGenerator(seed: seed)
        let a = try Tensor(shape: [250, 25], scalars: (0..<6250).map { _ in Float(generator.normal()) })
        let b = try Tensor(shape: [25, 250], scalars: (0..<6250).map { _ in Float(generator.normal()) })
        let x = try Tensor.matmul(a, b).scalars
        let i = (0..<35_000).map { _ in Int(generator.next() % 250) }
        let j = (0..<35_000).map { _ in Int(generator.next() % 250) }
        let values = zip(i, j).map { x[$0 * 250 + $1] }
        return Synthetic(
            trainUsers: i[..<25_000].map(Float.init), trainMovies: j[..<25_000].map(Float.init), trainValues: Array(values[..<25_000]),
            validUsers: i[25_000...].map(Float.init), validMovies: j[25_000...].map(Float.init), validValues: Array(values[25_000...]))
    }

    private func matrixFactorization() -> Symbol {
        let user = Symbol.embedding(data: .variable("user"), inputDim: 250, outputDim: 25)
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 250, outputDim: 25)
        let prediction = Symbol.flatten(Symbol.sumAxis(user * movie, axis: 1))
        return Symbol.linearRegressionOutput(data: prediction, label: .variable("softmax_label"))
    }

    private func iterators(_ data: Synthetic, batchSize: Int) throws -> (NDArrayIter, NDArrayIter) {
        let train = try NDArrayIter(data: [("user", Tensor(data.trainUsers)), ("movie", Tensor(data.trainMovies))],
                                    label: Tensor(data.trainValues), batchSize: batchSize)
        let valid = try NDArrayIter(data: [("user", Tensor(data.validUsers)), ("movie", Tensor(data.validMovies))],
                                    label: Tensor(data.validValues), batchSize: batchSize)
        return (train, valid)
    }

    private func values(_ lines: [String], _ prefix: String) -> [Double] {
        lines.compactMap { line in
            guard let range = line.range(of: prefix) else { return nil }
            return Double(line[range.upperBound...])
        }
    }

    func testLowRankAdamAtFitsDefaultLearningRateLearns() throws {
        EngineRandom.seed(0)
        let data = try lowRankData(seed: 1)
        let (train, valid) = try iterators(data, batchSize: 100)
        let module = try Module(symbol: matrixFactorization(), dataNames: ["user", "movie"])
        var lines: [String] = []
        try module.fit(train, evalData: valid, evalMetric: ["mse"], numEpoch: 5, optimizer: "adam",
                       log: { lines.append($0) })
        let validation = values(lines, "Validation-mse=")
        let training = values(lines, "Train-mse=")
        XCTAssertEqual(validation.count, 5, "\(lines)")
        XCTAssertGreaterThan(validation[0], 10, "\(lines)")
        XCTAssertLessThan(validation[4], 10, "\(lines)")
        XCTAssertLessThan(training[4], training[0] / 2, "\(lines)")
        // The exact log text MXNet prints (without the INFO:root: prefix).
        XCTAssertTrue(lines[0].hasPrefix("Epoch[0] Train-mse="), lines[0])
        XCTAssertNotNil(lines[1].range(of: #"^Epoch\[0\] Time cost=\d+\.\d{3}$"#, options: .regularExpression), lines[1])
        XCTAssertNotNil(lines[2].range(of: #"^Epoch\[0\] Validation-mse=\d+\.\d{6}$"#, options: .regularExpression), lines[2])

        // predict: every validation sample once, equal to the dot products of the learned factors.
        let predictions = try module.predict(valid)
        XCTAssertEqual(predictions.shape, [10_000, 1])
        let parameters = module.parameters
        let users = try XCTUnwrap(parameters["embedding0_weight"]).scalars
        let movies = try XCTUnwrap(parameters["embedding1_weight"]).scalars
        for sample in [0, 4321, 9999] {
            let u = Int(data.validUsers[sample]), m = Int(data.validMovies[sample])
            let dot = (0..<25).reduce(Float(0)) { $0 + users[u * 25 + $1] * movies[m * 25 + $1] }
            XCTAssertEqual(predictions.scalars[sample], dot, accuracy: 1e-4 * max(1, abs(dot)))
        }
        let exactMSE = zip(predictions.scalars, data.validValues).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } / 10_000
        XCTAssertEqual(exactMSE, validation[4], accuracy: 0.05 * validation[4])
        let score = try module.score(valid, metricNames: ["mse"])
        XCTAssertEqual(score[0].1, validation[4], accuracy: 1e-6)
    }

    func testLowRankDefaultSGDStaysFlat() throws {
        EngineRandom.seed(0)
        let data = try lowRankData(seed: 2)
        let (train, valid) = try iterators(data, batchSize: 100)
        let module = try Module(symbol: matrixFactorization(), dataNames: ["user", "movie"])
        var lines: [String] = []
        try module.fit(train, evalData: valid, evalMetric: ["mse"], numEpoch: 5, log: { lines.append($0) })
        let validation = values(lines, "Validation-mse=")
        XCTAssertEqual(validation.count, 5)
        XCTAssertEqual(validation[4], validation[0], accuracy: 0.02 * validation[0], "\(validation)")
        // Uniform(0.01) factors predict ≈ 0, so the mse is about the data's second moment (≈ 25).
        XCTAssertGreaterThan(validation[0], 15)
    }

    func testDeepMatrixFactorizationLearnsSlowlyWithAdamAtOneThousandth() throws {
        // Tutorial part c: concat → FC64 → relu → FC1; MXNet 1.9.1 moves 25.25 → 24.78 here.
        EngineRandom.seed(0)
        let data = try lowRankData(seed: 5)
        let (train, valid) = try iterators(data, batchSize: 100)
        let user = Symbol.embedding(data: .variable("user"), inputDim: 250, outputDim: 25)
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 250, outputDim: 25)
        var net = Symbol.flatten(Symbol.concat([user, movie]))
        net = Symbol.activation(data: Symbol.fullyConnected(data: net, numHidden: 64), type: .relu)
        net = Symbol.fullyConnected(data: net, numHidden: 1)
        let module = try Module(symbol: Symbol.linearRegressionOutput(data: net, label: .variable("softmax_label")),
                                dataNames: ["user", "movie"])
        var lines: [String] = []
        try module.fit(train, evalData: valid, evalMetric: ["mse"], numEpoch: 5, optimizer: "adam",
                       optimizerParams: [("learning_rate", 0.001)], log: { lines.append($0) })
        let validation = values(lines, "Validation-mse=")
        XCTAssertEqual(validation.count, 5)
        XCTAssertLessThan(validation[4], validation[0], "\(validation)")
        XCTAssertGreaterThan(validation[4], 0.8 * validation[0], "\(validation)")
    }

    func testSpeedometerLinesAndMetricReset() throws {
        EngineRandom.seed(0)
        let data = try lowRankData(seed: 3)
        let (train, _) = try iterators(data, batchSize: 1000)
        let module = try Module(symbol: matrixFactorization(), dataNames: ["user", "movie"])
        var lines: [String] = []
        try module.fit(train, evalMetric: ["rmse", "mae"], numEpoch: 2, optimizer: "adam",
                       batchEndCallback: Speedometer(batchSize: 1000, frequent: 10), log: { lines.append($0) })
        let pattern = #"^Epoch\[1\] Batch \[10-20\]\tSpeed: \d+\.\d{2} samples/sec\trmse=\d+\.\d{6}\tmae=\d+\.\d{6}$"#
        XCTAssertTrue(lines.contains { $0.range(of: pattern, options: .regularExpression) != nil }, "\(lines)")
        XCTAssertEqual(lines.filter { $0.hasPrefix("Epoch[0] Batch [") }.map { $0.prefix(20) },
                       ["Epoch[0] Batch [0-10", "Epoch[0] Batch [10-2"])
        // Train-… is the whole epoch's (global) value even though the Speedometer resets the local one.
        XCTAssertTrue(lines.contains { $0.hasPrefix("Epoch[1] Train-rmse=") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("Epoch[1] Train-mae=") })
    }

    func testInterruptKeepsPartlyTrainedParametersAndSecondFitContinues() throws {
        EngineRandom.seed(0)
        let data = try lowRankData(seed: 4)
        let (train, valid) = try iterators(data, batchSize: 100)
        let module = try Module(symbol: matrixFactorization(), dataNames: ["user", "movie"])
        var batches = 0
        XCTAssertThrowsError(try module.fit(train, evalMetric: ["mse"], numEpoch: 5, optimizer: "adam", shouldStop: {
            batches += 1
            return batches > 30
        })) { error in
            XCTAssertEqual(error as? EngineError, .interrupted)
            XCTAssertEqual((error as? EngineError)?.pythonExceptionName, "KeyboardInterrupt")
        }
        let weights = try XCTUnwrap(module.parameters["embedding0_weight"]).scalars
        XCTAssertGreaterThan(weights.map(abs).max() ?? 0, 0.05, "30 Adam steps at lr 0.01 move weights past the init range")
        XCTAssertEqual(try module.predict(valid).shape, [10_000, 1])
        XCTAssertThrowsError(try module.predict(valid, shouldStop: { true })) { error in
            XCTAssertEqual(error as? EngineError, .interrupted)
        }

        var warnings: [String] = []
        var lines: [String] = []
        try module.fit(train, evalMetric: ["mse"], numEpoch: 1, optimizer: "adam", log: { lines.append($0) }, warn: { warnings.append($0) })
        XCTAssertEqual(warnings, ["optimizer already initialized, ignoring..."])
        XCTAssertEqual(lines.count, 2)
    }

    func testPredictAtAnotherBatchSizeRemovesPaddingAndBadIndicesThrow() throws {
        EngineRandom.seed(0)
        let module = try Module(symbol: matrixFactorization(), dataNames: ["user", "movie"])
        let train = try NDArrayIter(data: [("user", Tensor([0, 1, 2, 3])), ("movie", Tensor([3, 2, 1, 0]))],
                                    label: Tensor([1, 2, 3, 4]), batchSize: 2)
        try module.fit(train, evalMetric: ["mse"], numEpoch: 1)
        let small = try NDArrayIter(data: [("user", Tensor([5, 6, 7])), ("movie", Tensor([1, 1, 1]))], label: nil, batchSize: 2)
        let predictions = try module.predict(small)
        XCTAssertEqual(predictions.shape, [3, 1])
        let parameters = module.parameters
        let users = try XCTUnwrap(parameters["embedding0_weight"]).scalars, movies = try XCTUnwrap(parameters["embedding1_weight"]).scalars
        let expected = [5, 6, 7].map { u in (0..<25).reduce(Float(0)) { $0 + users[u * 25 + $1] * movies[25 + $1] } }
        for (p, e) in zip(predictions.scalars, expected) { XCTAssertEqual(p, e, accuracy: 1e-7) }

        // num_batch (MXNet): the first batches only, padding removed; score over them alone.
        XCTAssertEqual(try module.predict(small, numBatch: 1).scalars, Array(predictions.scalars[..<2]))
        XCTAssertEqual(try module.predict(small, numBatch: 2).scalars, predictions.scalars)
        XCTAssertEqual(try module.predict(small, numBatch: 0).shape, [0, 1])
        // A negative num_batch runs every batch, as MXNet's loop never reaches it.
        XCTAssertEqual(try module.predict(small, numBatch: -1).scalars, predictions.scalars)
        let labelled = try NDArrayIter(data: [("user", Tensor([5, 6, 7])), ("movie", Tensor([1, 1, 1]))],
                                       label: Tensor([1, 1, 1]), batchSize: 2)
        let firstBatch = try NDArrayIter(data: [("user", Tensor([5, 6])), ("movie", Tensor([1, 1]))],
                                         label: Tensor([1, 1]), batchSize: 2)
        let firstBatchMSE = try module.score(firstBatch, metricNames: ["mse"])[0].1
        XCTAssertEqual(try module.score(labelled, metricNames: ["mse"], numBatch: 1)[0].1, firstBatchMSE)
        XCTAssertNotEqual(try module.score(labelled, metricNames: ["mse"])[0].1, firstBatchMSE)
        XCTAssertEqual(try module.score(labelled, metricNames: ["mse"], numBatch: -1)[0].1,
                       try module.score(labelled, metricNames: ["mse"])[0].1)

        let bad = try NDArrayIter(data: [("user", Tensor([0, 250])), ("movie", Tensor([0, 0]))], label: nil, batchSize: 2)
        XCTAssertThrowsError(try module.predict(bad)) { error in
            XCTAssertEqual("\(error)", "embedding0: index 250 is out of range for input_dim 250")
        }
        XCTAssertThrowsError(try Module(symbol: matrixFactorization(), dataNames: ["data"])) { error in
            XCTAssertTrue("\(error)".contains("'data' is not found"), "\(error)")
        }
    }

    /// Predict over batches larger than two inference slices runs them slice by slice on one
    /// executor per worker: the rows equal, bit for bit, those of batches small enough to run
    /// whole, for a deep classifier with batch norm (inference statistics), a padded last batch
    /// and a short last slice; a bad index in a later slice still names the embedding.
    func testSlicedPredictEqualsWholeBatches() throws {
        EngineRandom.seed(3)
        var generator = SeededGenerator(seed: 4)
        let count = 3_100
        let users = (0..<count).map { _ in Float(generator.next() % 250) }
        let movies = (0..<count).map { _ in Float(generator.next() % 250) }
        let labels = (0..<count).map { _ in Float(generator.next() % 10) }
        let user = Symbol.embedding(data: .variable("user"), inputDim: 250, outputDim: 25)
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 250, outputDim: 25)
        var network = Symbol.flatten(Symbol.concat([user, movie]))
        network = Symbol.activation(data: Symbol.batchNorm(data: Symbol.fullyConnected(data: network, numHidden: 64)), type: .relu)
        network = Symbol.activation(data: Symbol.fullyConnected(data: network, numHidden: 64), type: .relu)
        network = Symbol.softmaxOutput(data: Symbol.fullyConnected(data: network, numHidden: 10), label: .variable("softmax_label"))
        let module = try Module(symbol: network, dataNames: ["user", "movie"])
        let train = try NDArrayIter(data: [("user", Tensor(users)), ("movie", Tensor(movies))], label: Tensor(labels), batchSize: 500)
        try module.fit(train, evalMetric: ["acc"], numEpoch: 1, optimizer: "adam")
        func predictions(batchSize: Int) throws -> Tensor {
            try module.predict(NDArrayIter(data: [("user", Tensor(users)), ("movie", Tensor(movies))], label: nil, batchSize: batchSize))
        }
        let whole = try predictions(batchSize: 700)
        let sliced = try predictions(batchSize: 2_000)
        XCTAssertEqual(whole.shape, [count, 10])
        XCTAssertEqual(sliced.shape, [count, 10])
        XCTAssertEqual(sliced.scalars.map(\.bitPattern), whole.scalars.map(\.bitPattern))

        var bad = users
        bad[1_700] = 250
        let iterator = try NDArrayIter(data: [("user", Tensor(bad)), ("movie", Tensor(movies))], label: nil, batchSize: 2_000)
        XCTAssertThrowsError(try module.predict(iterator)) { error in
            XCTAssertEqual("\(error)", "embedding0: index 250 is out of range for input_dim 250")
        }
    }

    func testPredictAndScoreRunTheFoldedGraphAndFollowParameterChanges() throws {
        EngineRandom.seed(5)
        var generator = SeededGenerator(seed: 6)
        let count = 4_000
        let users = (0..<count).map { _ in Float(generator.next() % 40) }
        let movies = (0..<count).map { _ in Float(generator.next() % 30) }
        let ratings = zip(users, movies).map { 1 + Float(Int($0 + 2 * $1) % 9) / 2 }
        let user = Symbol.embedding(data: .variable("user"), inputDim: 40, outputDim: 14, name: "user_embedding")
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 30, outputDim: 12, name: "movie_embedding")
        var network = Symbol.activation(data: .fullyConnected(data: .flatten(.concat([user, movie])), numHidden: 16, name: "fc1"), type: .relu)
        network = .linearRegressionOutput(data: .fullyConnected(data: network, numHidden: 1, name: "fc2"), label: .variable("softmax_label"))
        let module = try Module(symbol: network, dataNames: ["user", "movie"])
        func iterator(_ rows: Int, batchSize: Int, labelled: Bool = false) throws -> NDArrayIter {
            try NDArrayIter(data: [("user", Tensor(Array(users[..<rows]))), ("movie", Tensor(Array(movies[..<rows])))],
                            label: labelled ? Tensor(Array(ratings[..<rows])) : nil, batchSize: batchSize)
        }
        try module.fit(iterator(count, batchSize: 500, labelled: true), evalMetric: ["rmse"], numEpoch: 1, optimizer: "adam",
                       optimizerParams: [("learning_rate", 0.01)])
        XCTAssertEqual(try module.inferenceFolding(for: iterator(count, batchSize: 1_000))?.projections.map(\.name),
                       ["fc1/user_embedding_projection", "fc1/movie_embedding_projection"])
        XCTAssertNil(try module.inferenceFolding(for: iterator(3, batchSize: 3)), "3 rows do not pay for the tables")

        /// The original graph's outputs under the module's current parameters.
        func reference() throws -> [Float] {
            let executor = try Executor(symbol: network, shapes: ["user": [count], "movie": [count], "softmax_label": [count, 1]])
            for (name, value) in module.parameters { try executor.setValue(name, to: value) }
            try executor.setValue("user", to: Tensor(users))
            try executor.setValue("movie", to: Tensor(movies))
            try executor.forward(isTraining: false)
            return executor.output.scalars
        }
        func assertPredictionsMatchReference(_ message: String) throws {
            let predicted = try module.predict(iterator(count, batchSize: 1_000)).scalars
            let expected = try reference()
            XCTAssertEqual(predicted.count, count)
            XCTAssertTrue(expected.contains { abs($0) > 0.1 }, message)
            for (p, e) in zip(predicted, expected) { XCTAssertEqual(p, e, accuracy: 1e-5 * max(1, abs(e)), message) }
            // score runs the folded graph too: the RMSE of the reference outputs, batch by batch.
            let rmse = try module.score(iterator(count, batchSize: 1_000, labelled: true), metricNames: ["rmse"])[0].1
            var batches = 0.0
            for first in stride(from: 0, to: count, by: 1_000) {
                var squares = 0.0
                for i in first..<first + 1_000 { squares += pow(Double(expected[i] - ratings[i]), 2) }
                batches += (squares / 1_000).squareRoot()
            }
            XCTAssertEqual(rmse, batches / 4, accuracy: 1e-5, message)
        }
        try assertPredictionsMatchReference("after fit")
        // The tables follow every change of the parameters.
        var parameters = module.parameters
        parameters["fc1_weight"] = try Tensor(shape: [16, 26], scalars: (0..<416).map { Float($0 % 7) / 10 - 0.3 })
        parameters["user_embedding_weight"] = try Tensor(shape: [40, 14], scalars: (0..<560).map { Float($0 % 5) / 5 })
        try module.setParameters(parameters)
        try assertPredictionsMatchReference("after set_params")
        try module.fit(iterator(count, batchSize: 500, labelled: true), evalMetric: ["rmse"], numEpoch: 1, optimizer: "adam",
                       optimizerParams: [("learning_rate", 0.01)])
        try assertPredictionsMatchReference("after a second fit")
    }

    func testSlicedPredictionFollowsParameterChanges() throws {
        // Batches of 2,500 rows run in slices of 512 on per-worker executors, whose 12- and
        // 8-unit layers reuse their transposed weights from slice to slice within a prediction;
        // a prediction after set_params must remake them.
        EngineRandom.seed(8)
        var generator = SeededGenerator(seed: 9)
        let count = 5_000, features = 6
        let x = try Tensor(shape: [count, features], scalars: (0..<count * features).map { _ in generator.uniform(-1, 1) })
        var network = Symbol.activation(data: .fullyConnected(data: .variable("x"), numHidden: 12, name: "fc1"), type: .relu)
        network = .activation(data: .fullyConnected(data: network, numHidden: 8, name: "fc2"), type: .relu)
        network = .linearRegressionOutput(data: .fullyConnected(data: network, numHidden: 1, name: "fc3"), label: .variable("softmax_label"))
        let module = try Module(symbol: network, dataNames: ["x"])
        let data = try NDArrayIter(data: [("x", x)], batchSize: 2_500)
        try module.bind(dataShapes: data.provideData, forTraining: false)
        try module.initParams(initializer: .uniform(scale: 0.5))
        func assertPredictionsMatchReference(_ message: String) throws {
            let executor = try Executor(symbol: network, shapes: ["x": [count, features], "softmax_label": [count, 1]])
            for (name, value) in module.parameters { try executor.setValue(name, to: value) }
            try executor.setValue("x", to: x)
            try executor.forward(isTraining: false)
            let expected = executor.output.scalars
            let predicted = try module.predict(data).scalars
            XCTAssertEqual(predicted.count, count, message)
            XCTAssertGreaterThan(Set(expected).count, count / 2, message)
            for (p, e) in zip(predicted, expected) { XCTAssertEqual(p, e, accuracy: 1e-5 * max(1, abs(e)), message) }
        }
        try assertPredictionsMatchReference("first prediction")
        var parameters = module.parameters
        parameters["fc2_weight"] = try Tensor(shape: [8, 12], scalars: (0..<96).map { Float($0 % 11) / 10 - 0.4 })
        parameters["fc2_bias"] = try Tensor((0..<8).map { Float($0) / 10 })
        parameters["fc1_weight"] = try Tensor(shape: [12, 6], scalars: (0..<72).map { Float($0 % 5) / 5 - 0.3 })
        try module.setParameters(parameters)
        try assertPredictionsMatchReference("after set_params")
    }

    func testErrorsNameInputsAsPythonLists() throws {
        let user = Symbol.embedding(data: .variable("user"), inputDim: 4, outputDim: 2, name: "u")
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 3, outputDim: 2, name: "m")
        let network = Symbol.linearRegressionOutput(data: .sumAxis(user * movie, axis: 1), label: .variable("softmax_label"))
        XCTAssertThrowsError(try Module(symbol: network, dataNames: ["user", "nope"])) { error in
            XCTAssertTrue("\(error)".contains("You created Module with data_names ['user', 'nope']"), "\(error)")
        }
        let module = try Module(symbol: network, dataNames: ["user", "movie"])
        let renamed = try NDArrayIter(data: [("u", Tensor([1, 2])), ("movie", Tensor([0, 2]))], batchSize: 2)
        XCTAssertThrowsError(try module.bind(dataShapes: renamed.provideData)) { error in
            XCTAssertEqual("\(error)", "the data iterator provides no input named 'user' (it provides ['u', 'movie'])")
        }
        let data = try NDArrayIter(data: [("user", Tensor([1, 2])), ("movie", Tensor([0, 2]))], batchSize: 2)
        try module.bind(dataShapes: data.provideData)
        XCTAssertThrowsError(try module.setParameters(["nope": Tensor([1])])) { error in
            XCTAssertEqual("\(error)", "'nope' is not a parameter of this module; parameters are ['u_weight', 'm_weight']")
        }
    }

    func testParametersInitialiseByNamePattern() throws {
        EngineRandom.seed(0)
        let fc = Symbol.fullyConnected(data: .variable("x"), numHidden: 4, name: "fc")
        let output = Symbol.linearRegressionOutput(data: Symbol.batchNorm(data: fc, name: "bn"), label: .variable("softmax_label"))
        let module = try Module(symbol: output, dataNames: ["x"])
        XCTAssertEqual(module.parameterNames, ["fc_weight", "fc_bias", "bn_gamma", "bn_beta"])
        try module.bind(dataShapes: [("x", [8, 3])], labelShapes: [("softmax_label", [8, 4])])
        try module.initParams()
        let parameters = module.parameters
        let weights = try XCTUnwrap(parameters["fc_weight"]).scalars
        XCTAssertEqual(weights.count, 12)
        XCTAssertTrue(weights.allSatisfy { abs($0) <= 0.01 } && weights.contains { $0 != 0 })
        XCTAssertEqual(parameters["fc_bias"]?.scalars, [0, 0, 0, 0])
        XCTAssertEqual(parameters["bn_gamma"]?.scalars, [1, 1, 1, 1])
        XCTAssertEqual(parameters["bn_beta"]?.scalars, [0, 0, 0, 0])
        XCTAssertEqual(parameters["bn_moving_mean"]?.scalars, [0, 0, 0, 0])
        XCTAssertEqual(parameters["bn_moving_var"]?.scalars, [1, 1, 1, 1])
    }
}

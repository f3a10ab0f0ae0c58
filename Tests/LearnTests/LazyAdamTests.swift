import Foundation
import XCTest
import Graph
import Learn
import Tensor

/// Lazy Adam on embedding tables (rows caught up when read) against dense Adam, MXNet's
/// semantics where every row takes a step every batch.
final class LazyAdamTests: XCTestCase {
    override func setUp() {
        Symbol.resetNaming()
    }

    private let userRows = 300, movieRows = 200, width = 4, batchSize = 20

    private func matrixFactorization() -> Symbol {
        let user = Symbol.embedding(data: .variable("user"), inputDim: userRows, outputDim: width)
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: movieRows, outputDim: width)
        let prediction = Symbol.flatten(Symbol.sumAxis(user * movie, axis: 1))
        return Symbol.linearRegressionOutput(data: prediction, label: .variable("softmax_label"))
    }

    /// `steps` batches of sparse rows: a hot set every batch, rows on a ~97-step cycle, rows used
    /// only at batch 0 and batch 650 (a 650-step gap), and rows used only at batch 0 (caught up
    /// at the end of fit, ~700 steps later).
    private func batches(steps: Int, seed: UInt64) throws -> NDArrayIter {
        var generator = SeededGenerator(seed: seed)
        var users: [Float] = [], movies: [Float] = [], ratings: [Float] = []
        for step in 0..<steps {
            for slot in 0..<batchSize {
                var user = Int(generator.next() % 20), movie = Int(generator.next() % 15)
                if slot == 0 { user = 100 + step % 97; movie = 100 + (step * 7) % 89 }
                if slot == 1, step == 0 || step == 650 { user = 250 + Int(generator.next() % 10); movie = 190 + Int(generator.next() % 5) }
                if (2..<12).contains(slot), step == 0 { user = 258 + slot; movie = 195 + slot % 5 }
                users.append(Float(user))
                movies.append(Float(movie))
                ratings.append(Float(1 + generator.next() % 9) / 2)
            }
        }
        return try NDArrayIter(data: [("user", Tensor(users)), ("movie", Tensor(movies))],
                               label: [("softmax_label", Tensor(ratings))], batchSize: batchSize)
    }

    /// A module of `symbol()` (built after the naming is reset) trained for `numEpoch` epochs over `data` with Adam (`lazy` or forced dense)
    /// from the given initial weights.
    private func trainedModule(_ data: NDArrayIter, symbol: () -> Symbol, initial: [String: Tensor],
                               lazy: Bool, learningRate: Float, rescaleGrad: Float, clip: Float? = nil,
                               numEpoch: Int = 1) throws -> Module {
        Symbol.resetNaming()
        let module = try Module(symbol: symbol(), dataNames: ["user", "movie"])
        try module.bind(dataShapes: data.provideData, labelShapes: data.provideLabel)
        try module.initParams(parameters: initial)
        let adam = Adam(learningRate: learningRate, rescaleGrad: rescaleGrad, clipGradient: clip)
        adam.lazyRowUpdates = lazy
        try module.install(adam)
        try module.fit(data, evalMetric: ["rmse"], numEpoch: numEpoch, optimizer: "adam")
        return module
    }

    /// Trains one module for one epoch over `data` with Adam (`lazy` or forced dense) from the
    /// given initial weights and returns its parameters.
    private func train(_ data: NDArrayIter, initial: [String: Tensor], lazy: Bool,
                       learningRate: Float, rescaleGrad: Float, clip: Float? = nil) throws -> [String: Tensor] {
        try trainedModule(data, symbol: matrixFactorization, initial: initial, lazy: lazy, learningRate: learningRate,
                          rescaleGrad: rescaleGrad, clip: clip).parameters
    }

    private func initialWeights(seed: UInt64) throws -> [String: Tensor] {
        var generator = SeededGenerator(seed: seed)
        return [
            "embedding0_weight": try Tensor(shape: [userRows, width], scalars: (0..<userRows * width).map { _ in generator.uniform(-0.1, 0.1) }),
            "embedding1_weight": try Tensor(shape: [movieRows, width], scalars: (0..<movieRows * width).map { _ in generator.uniform(-0.1, 0.1) }),
        ]
    }

    private func assertLazyMatchesDense(learningRate: Float, rescaleGrad: Float, clip: Float? = nil,
                                        file: StaticString = #filePath, line: UInt = #line) throws {
        let data = try batches(steps: 700, seed: 7)
        let initial = try initialWeights(seed: 3)
        let lazy = try train(data, initial: initial, lazy: true, learningRate: learningRate, rescaleGrad: rescaleGrad, clip: clip)
        let dense = try train(data, initial: initial, lazy: false, learningRate: learningRate, rescaleGrad: rescaleGrad, clip: clip)
        for name in ["embedding0_weight", "embedding1_weight"] {
            let a = try XCTUnwrap(lazy[name], file: file, line: line).scalars
            let b = try XCTUnwrap(dense[name], file: file, line: line).scalars
            let start = try XCTUnwrap(initial[name], file: file, line: line).scalars
            let scale = b.map(\.magnitude).max() ?? 0
            let difference = zip(a, b).map { ($0 - $1).magnitude }.max() ?? .infinity
            XCTAssertLessThanOrEqual(difference, 1e-5 * scale, "\(name): lazy and dense Adam differ", file: file, line: line)
            // The training really moved the weights, including the long-idle rows (and by far
            // more than the tolerance), so the comparison is not vacuous.
            let moved = zip(b, start).map { ($0 - $1).magnitude }
            XCTAssertGreaterThan(moved.max() ?? 0, 1000 * 1e-5 * scale, file: file, line: line)
            let idleRow = name == "embedding0_weight" ? 265 : 197
            let idleMoved = moved[idleRow * width..<(idleRow + 1) * width].max() ?? 0
            XCTAssertGreaterThan(idleMoved, 0, "\(name): idle row did not move", file: file, line: line)
        }
    }

    func testLazyAdamEqualsDenseAdamOnSparseBatches() throws {
        try assertLazyMatchesDense(learningRate: 0.01, rescaleGrad: 1 / Float(batchSize))
    }

    /// rescale 1/25000 makes gradients tiny, so √v is near ε for much of training: ε matters.
    func testLazyAdamEqualsDenseAdamWhenSecondMomentIsNearEpsilon() throws {
        try assertLazyMatchesDense(learningRate: 0.001, rescaleGrad: 1 / 25_000)
        // Smaller still: √v ≪ ε, the step is ε-dominated.
        try assertLazyMatchesDense(learningRate: 0.001, rescaleGrad: 4e-8)
    }

    func testLazyAdamEqualsDenseAdamWithClipping() throws {
        try assertLazyMatchesDense(learningRate: 0.01, rescaleGrad: 1, clip: 0.05)
    }

    /// Predictions read caught-up weights: the lazy module predicts what the dense one does.
    func testPredictionsAfterLazyTrainingMatchDense() throws {
        let data = try batches(steps: 120, seed: 11)
        let initial = try initialWeights(seed: 5)
        var outputs: [[Float]] = []
        for lazy in [true, false] {
            let module = try trainedModule(data, symbol: matrixFactorization, initial: initial, lazy: lazy, learningRate: 0.01,
                                           rescaleGrad: 1 / Float(batchSize), numEpoch: 2)
            outputs.append(try module.predict(data).scalars)
        }
        XCTAssertEqual(outputs[0].count, 120 * batchSize)
        let difference = zip(outputs[0], outputs[1]).map { ($0 - $1).magnitude }.max() ?? .infinity
        XCTAssertLessThanOrEqual(difference, 1e-5)
    }

    /// One table read by two embeddings (a shared weight): its gradient stays dense, and the
    /// rows both read are caught up and stepped lazily, as dense Adam would move them.
    func testLazyAdamEqualsDenseAdamOnATableTwoEmbeddingsRead() throws {
        let data = try batches(steps: 300, seed: 13)
        var generator = SeededGenerator(seed: 14)
        let initial = ["shared_weight": try Tensor(shape: [userRows, width],
                                                   scalars: (0..<userRows * width).map { _ in generator.uniform(-0.1, 0.1) })]
        var trained: [[Float]] = []
        let weight = Symbol.variable("shared_weight")
        let user = Symbol.embedding(data: .variable("user"), inputDim: userRows, outputDim: width, weight: weight, name: "eu")
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: userRows, outputDim: width, weight: weight, name: "em")
        let network = Symbol.linearRegressionOutput(data: .flatten(.sumAxis(user * movie, axis: 1)), label: .variable("softmax_label"))
        for lazy in [true, false] {
            let module = try trainedModule(data, symbol: { network }, initial: initial, lazy: lazy, learningRate: 0.01,
                                           rescaleGrad: 1 / Float(batchSize))
            trained.append(try XCTUnwrap(module.parameters["shared_weight"]).scalars)
        }
        let scale = trained[1].map(\.magnitude).max() ?? 0
        let difference = zip(trained[0], trained[1]).map { ($0 - $1).magnitude }.max() ?? .infinity
        XCTAssertLessThanOrEqual(difference, 1e-5 * scale)
        let start = try XCTUnwrap(initial["shared_weight"]).scalars
        // The training moved the weights by far more than the tolerance, also a row only the
        // user input reads (190, from the ~97-step cycle).
        let moved = zip(trained[1], start).map { ($0 - $1).magnitude }
        XCTAssertGreaterThan(moved.max() ?? 0, 1000 * 1e-5 * scale)
        XCTAssertGreaterThan(moved[190 * width..<191 * width].max() ?? 0, 0)
    }
}

import Foundation
import XCTest
import Graph
import Learn
import Tensor

/// `Embedding(sparse_grad=True)`: MXNet's lazy update, where only the rows a batch reads move.
final class SparseGradientTests: XCTestCase {
    override func setUp() {
        Symbol.resetNaming()
    }

    private let rows = 12, width = 3, batchSize = 4

    private func matrixFactorization(sparse: Bool) -> Symbol {
        let user = Symbol.embedding(data: .variable("user"), inputDim: rows, outputDim: width, sparseGrad: sparse)
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: rows, outputDim: width, sparseGrad: sparse)
        let prediction = Symbol.flatten(Symbol.sumAxis(user * movie, axis: 1))
        return Symbol.linearRegressionOutput(data: prediction, label: .variable("softmax_label"))
    }

    private func initial() throws -> [String: Tensor] {
        var generator = SeededGenerator(seed: 21)
        let table = { (0..<self.rows * self.width).map { _ in generator.uniform(-0.5, 0.5) } }
        return ["embedding0_weight": try Tensor(shape: [rows, width], scalars: table()),
                "embedding1_weight": try Tensor(shape: [rows, width], scalars: table())]
    }

    /// Trains one epoch over `batches` (each `batchSize` (user, movie, rating) triples).
    private func train(_ batches: [[(Int, Int, Float)]], sparse: Bool, optimizer: String,
                       options: [(String, Double)], batchSize: Int? = nil) throws -> [String: Tensor] {
        Symbol.resetNaming()
        let samples = batches.flatMap { $0 }
        let data = try NDArrayIter(
            data: [("user", Tensor(samples.map { Float($0.0) })), ("movie", Tensor(samples.map { Float($0.1) }))],
            label: [("softmax_label", Tensor(samples.map(\.2)))], batchSize: batchSize ?? self.batchSize)
        let module = try Module(symbol: matrixFactorization(sparse: sparse), dataNames: ["user", "movie"])
        try module.bind(dataShapes: data.provideData, labelShapes: data.provideLabel)
        try module.initParams(parameters: initial())
        try module.initOptimizer(name: optimizer, options: options)
        try module.fit(data, evalMetric: ["rmse"], numEpoch: 1)
        return module.parameters
    }

    private func row(_ tensor: Tensor?, _ r: Int) throws -> [Float] {
        Array(try XCTUnwrap(tensor).scalars[r * width..<(r + 1) * width])
    }

    /// Rows 0–3 are read by every batch; row 8 only by the first. With a sparse gradient, row 8
    /// keeps after batch 1 the value it had after batch 0 (its moments do not push it on), and
    /// rows never read keep their initial value; with a dense gradient (MXNet's default) Adam's
    /// momentum keeps moving row 8.
    func testSparseGradientUpdatesOnlyTheRowsABatchReads() throws {
        let first: [(Int, Int, Float)] = [(0, 1, 4), (1, 2, 3), (2, 3, 5), (8, 8, 2)]
        let later: [(Int, Int, Float)] = [(0, 1, 4), (1, 2, 3), (2, 3, 5), (3, 0, 1)]
        let options: [(String, Double)] = [("learning_rate", 0.05)]
        let once = try train([first], sparse: true, optimizer: "adam", options: options)
        let sparse = try train([first, later, later], sparse: true, optimizer: "adam", options: options)
        let dense = try train([first, later, later], sparse: false, optimizer: "adam", options: options)
        let start = try initial()
        for name in ["embedding0_weight", "embedding1_weight"] {
            XCTAssertEqual(try row(sparse[name], 8), try row(once[name], 8), "\(name): an unread row moved")
            XCTAssertNotEqual(try row(once[name], 8), try row(start[name], 8), "\(name): row 8 was read and must move")
            XCTAssertNotEqual(try row(dense[name], 8), try row(once[name], 8), "\(name): dense Adam keeps moving row 8")
            for r in [5, 6, 7, 9, 10, 11] {
                XCTAssertEqual(try row(sparse[name], r), try row(start[name], r))
            }
        }
    }

    /// When every batch reads every row, the lazy update is the dense update, bit for bit
    /// (Adam and SGD with momentum and weight decay).
    func testSparseGradientEqualsDenseWhenEveryRowIsRead() throws {
        var generator = SeededGenerator(seed: 4)
        var batches: [[(Int, Int, Float)]] = []
        for _ in 0..<6 {
            let users = (0..<rows).shuffled(using: &generator), movies = (0..<rows).shuffled(using: &generator)
            batches.append((0..<rows).map { (users[$0], movies[$0], Float(1 + generator.next() % 5)) })
        }
        for (optimizer, options) in [("adam", [("learning_rate", 0.05)]),
                                     ("sgd", [("learning_rate", 0.1), ("momentum", 0.9), ("wd", 0.01)])] {
            let sparse = try train(batches, sparse: true, optimizer: optimizer, options: options, batchSize: rows)
            let dense = try train(batches, sparse: false, optimizer: optimizer, options: options, batchSize: rows)
            let start = try initial()
            for name in ["embedding0_weight", "embedding1_weight"] {
                XCTAssertEqual(try XCTUnwrap(sparse[name]).scalars, try XCTUnwrap(dense[name]).scalars, "\(optimizer) \(name)")
                XCTAssertNotEqual(try XCTUnwrap(sparse[name]).scalars, try XCTUnwrap(start[name]).scalars)
            }
        }
    }

    /// `lazy_update=False` applies a row-sparse gradient densely (MXNet): as without sparse_grad.
    func testLazyUpdateFalseAppliesTheSparseGradientDensely() throws {
        let first: [(Int, Int, Float)] = [(0, 1, 4), (1, 2, 3), (2, 3, 5), (8, 8, 2)]
        let later: [(Int, Int, Float)] = [(0, 1, 4), (1, 2, 3), (2, 3, 5), (3, 0, 1)]
        let options: [(String, Double)] = [("learning_rate", 0.05), ("lazy_update", 0)]
        let sparse = try train([first, later, later], sparse: true, optimizer: "adam", options: options)
        let dense = try train([first, later, later], sparse: false, optimizer: "adam", options: options)
        for name in ["embedding0_weight", "embedding1_weight"] {
            XCTAssertEqual(try XCTUnwrap(sparse[name]).scalars, try XCTUnwrap(dense[name]).scalars, name)
        }
    }
}

import XCTest
import Graph
import Tensor

/// Naming, argument order and shape inference, checked against what MXNet 1.9.1 reports for the
/// tutorial's graphs.
final class SymbolTests: XCTestCase {
    override func setUp() {
        Symbol.resetNaming()
    }

    private func matrixFactorization() -> (Symbol, Symbol, Symbol) {
        let user = Symbol.embedding(data: .variable("user"), inputDim: 250, outputDim: 25)
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 250, outputDim: 25)
        return (user, movie, .variable("softmax_label"))
    }

    func testMatrixFactorizationNamesAndShapes() throws {
        let (user, movie, label) = matrixFactorization()
        let product = user * movie
        let summed = Symbol.sumAxis(product, axis: 1)
        let prediction = Symbol.linearRegressionOutput(data: Symbol.flatten(summed), label: label)
        XCTAssertEqual([user.name, movie.name, product.name, summed.name], ["embedding0", "embedding1", "_mul0", "sum_axis0"])
        XCTAssertEqual(prediction.name, "linearregressionoutput0")
        XCTAssertEqual(prediction.listArguments(), ["user", "embedding0_weight", "movie", "embedding1_weight", "softmax_label"])
        XCTAssertEqual(prediction.listOutputs(), ["linearregressionoutput0_output"])
        XCTAssertEqual(prediction.listAuxiliaryStates(), [])

        let shapes = try prediction.inferShape(["user": [100], "movie": [100], "softmax_label": [100]])
        XCTAssertEqual(shapes["embedding0_weight"], [250, 25])
        XCTAssertEqual(shapes["embedding1_weight"], [250, 25])
        XCTAssertEqual(shapes["softmax_label"], [100])
        XCTAssertEqual(try prediction.inferOutputShape(["user": [100], "movie": [100]]), [100, 1])
        XCTAssertEqual(try summed.inferOutputShape(["user": [7], "movie": [7]]), [7])
    }

    func testDeepMatrixFactorizationNamesAndDefaultLabel() throws {
        let (user, movie, _) = matrixFactorization()
        var net = Symbol.concat([user, movie])
        net = Symbol.flatten(net)
        net = Symbol.fullyConnected(data: net, numHidden: 64)
        net = Symbol.activation(data: net, type: .relu)
        net = Symbol.fullyConnected(data: net, numHidden: 1)
        let output = Symbol.linearRegressionOutput(data: net)
        XCTAssertEqual(output.listArguments(), [
            "user", "embedding0_weight", "movie", "embedding1_weight", "fullyconnected0_weight",
            "fullyconnected0_bias", "fullyconnected1_weight", "fullyconnected1_bias", "linearregressionoutput0_label",
        ])
        let shapes = try output.inferShape(["user": [32], "movie": [32]])
        XCTAssertEqual(shapes["fullyconnected0_weight"], [64, 50])
        XCTAssertEqual(shapes["fullyconnected1_bias"], [1])
        XCTAssertEqual(shapes["linearregressionoutput0_label"], [32])
        XCTAssertEqual(Symbol.concat([user, movie]).name, "concat1")
    }

    func testBatchNormParametersAndAuxiliaryStates() throws {
        let fc = Symbol.fullyConnected(data: .variable("x"), numHidden: 8, name: "fc1")
        let bn = Symbol.batchNorm(data: fc)
        let softmax = Symbol.softmaxOutput(data: bn, name: "softmax")
        XCTAssertEqual(softmax.listArguments(), ["x", "fc1_weight", "fc1_bias", "batchnorm0_gamma", "batchnorm0_beta", "softmax_label"])
        XCTAssertEqual(softmax.listAuxiliaryStates(), ["batchnorm0_moving_mean", "batchnorm0_moving_var"])
        let shapes = try softmax.inferShape(["x": [4, 3]])
        XCTAssertEqual(shapes["batchnorm0_moving_var"], [8])
        XCTAssertEqual(shapes["softmax_label"], [4])
    }

    func testShapeErrors() {
        let a = Symbol.variable("a"), b = Symbol.variable("b")
        XCTAssertThrowsError(try (a + b).inferShape(["a": [2, 3], "b": [3, 2]])) { error in
            XCTAssertEqual((error as? EngineError)?.pythonExceptionName, "ValueError")
            XCTAssertTrue("\(error)".contains("[2, 3] and [3, 2]"), "\(error)")
        }
        XCTAssertThrowsError(try (a + b).inferShape(["a": [2, 3]])) { error in
            XCTAssertTrue("\(error)".contains("cannot infer the shape of input 'b'"), "\(error)")
        }
        XCTAssertThrowsError(try a.inferShape(["nope": [1]])) { error in
            XCTAssertEqual((error as? EngineError)?.pythonExceptionName, "KeyError")
        }
        let bad = Symbol.embedding(data: a, inputDim: 0, outputDim: 3, name: "e")
        XCTAssertThrowsError(try bad.inferShape(["a": [2]])) { error in
            XCTAssertEqual("\(error)", "e: input_dim and output_dim must be positive, got 0 and 3")
        }
        let label = Symbol.linearRegressionOutput(data: a, label: b)
        XCTAssertThrowsError(try label.inferShape(["a": [4, 1], "b": [5]])) { error in
            XCTAssertTrue("\(error)".contains("label shape [5]"), "\(error)")
        }
    }

    func testEmbeddingIndicesTruncateAndOutOfRangeIsAnIndexError() throws {
        let embedding = Symbol.embedding(data: .variable("movie"), inputDim: 3, outputDim: 2)
        XCTAssertEqual(embedding.name, "embedding0")
        let other = Symbol.embedding(data: .variable("movie"), inputDim: 3, outputDim: 2)
        let executor = try Executor(symbol: other, shapes: ["movie": [3]])
        try executor.setValue("embedding1_weight", to: Tensor(shape: [3, 2], scalars: [0, 1, 10, 11, 20, 21]))
        try executor.setValue("movie", to: Tensor([2.9, -0.5, 1]))
        try executor.forward(isTraining: false)
        XCTAssertEqual(executor.output.shape, [3, 2])
        XCTAssertEqual(executor.output.scalars, [20, 21, 0, 1, 10, 11])

        for (bad, index) in [(Float(3), 3), (-1.5, -1), (193609, 193609)] {
            try executor.setValue("movie", to: Tensor([0, bad, 1]))
            XCTAssertThrowsError(try executor.forward(isTraining: false)) { error in
                XCTAssertEqual("\(error)", "embedding1: index \(index) is out of range for input_dim 3")
                XCTAssertEqual(error as? EngineError, .indexOutOfRange(layer: "embedding1", index: index, bound: 3))
                XCTAssertEqual((error as? EngineError)?.pythonExceptionName, "IndexError")
            }
        }
        try executor.setValue("movie", to: Tensor([0, .nan, 1]))
        XCTAssertThrowsError(try executor.forward(isTraining: false))
    }

    /// Rows of every width from 1 to 17 (the row copy's moves of 8, 4, 2 and 1 floats), alone
    /// and written into a concatenation's columns, are the table's rows exactly and leave the
    /// neighbouring columns alone.
    func testEmbeddingRowsOfEveryWidthAreCopiedExactly() throws {
        let indices: [Float] = [4, 0, 2, 4, 1]
        for width in 1...17 {
            let table = (0..<(5 * width)).map { Float($0) + 0.25 }
            let expected = indices.flatMap { table[Int($0) * width..<(Int($0) + 1) * width] }
            let alone = Symbol.embedding(data: .variable("i"), inputDim: 5, outputDim: width, name: "e")
            let executor = try Executor(symbol: alone, shapes: ["i": [5]])
            try executor.setValue("e_weight", to: Tensor(shape: [5, width], scalars: table))
            try executor.setValue("i", to: Tensor(indices))
            try executor.forward(isTraining: false)
            XCTAssertEqual(executor.output.scalars, expected, "width \(width)")

            // [e(i) | f(j)] with f's rows of width 3: e writes into the concat's first columns.
            let other = Symbol.embedding(data: .variable("j"), inputDim: 2, outputDim: 3, name: "f")
            let concat = Symbol.concat([alone, other], name: "c")
            let both = try Executor(symbol: concat, shapes: ["i": [5], "j": [5]])
            try both.setValue("e_weight", to: Tensor(shape: [5, width], scalars: table))
            try both.setValue("f_weight", to: Tensor(shape: [2, 3], scalars: [-1, -2, -3, -4, -5, -6]))
            try both.setValue("i", to: Tensor(indices))
            try both.setValue("j", to: Tensor([1, 0, 1, 1, 0]))
            try both.forward(isTraining: false)
            let rows = (0..<5).map { r in
                Array(expected[r * width..<(r + 1) * width]) + ([1, 0, 1, 1, 0][r] == 1 ? [-4, -5, -6] : [-1, -2, -3])
            }
            XCTAssertEqual(both.output.scalars, rows.flatMap { $0 }, "width \(width) in a concatenation")
        }
    }

    func testBatchNormUsesBatchStatisticsInTrainingAndRunningOnesInInference() throws {
        let bn = Symbol.batchNorm(data: .variable("x"), name: "bn")
        let executor = try Executor(symbol: bn, shapes: ["x": [4, 1]])
        try executor.setValue("bn_gamma", to: Tensor([5]))  // ignored: fix_gamma
        try executor.setValue("bn_beta", to: Tensor([0.5]))
        try executor.setValue("bn_moving_var", to: Tensor([1]))
        try executor.setValue("x", to: Tensor(shape: [4, 1], scalars: [1, 2, 3, 4]))
        try executor.forward(isTraining: true)
        // mean 2.5, biased variance 1.25, eps 1e-3
        let inverseStd = 1 / (Float(1.25) + 1e-3).squareRoot()
        assertClose(executor.output.scalars, [-1.5, -0.5, 0.5, 1.5].map { $0 * inverseStd + 0.5 }, "training output")
        assertClose(try executor.value(of: "bn_moving_mean").scalars, [0.25], "moving mean = 0.9·0 + 0.1·2.5")
        assertClose(try executor.value(of: "bn_moving_var").scalars, [1.025], "moving var = 0.9·1 + 0.1·1.25")
        try executor.forward(isTraining: false)
        let runningInverseStd = 1 / (Float(1.025) + 1e-3).squareRoot()
        assertClose(executor.output.scalars, [1, 2, 3, 4].map { ($0 - 0.25) * runningInverseStd + 0.5 }, "inference output")
    }

    /// A batch large enough for the row-chunked reduction (5000 rows → several chunks): the
    /// output matches batch statistics computed directly in Double.
    func testBatchNormOverManyRowsMatchesDirectStatistics() throws {
        let rows = 5000, channels = 3
        var generator = SeededGenerator(seed: 8)
        let x = (0..<rows * channels).map { k in generator.uniform(-1, 1) * Float(1 + k % channels) + Float(k % channels) }
        let bn = Symbol.batchNorm(data: .variable("x"), fixGamma: false, name: "bn")
        let executor = try Executor(symbol: bn, shapes: ["x": [rows, channels]])
        try executor.setValue("bn_gamma", to: Tensor([1.5, 0.5, 2]))
        try executor.setValue("bn_beta", to: Tensor([0.25, -1, 0]))
        try executor.setValue("x", to: Tensor(shape: [rows, channels], scalars: x))
        try executor.forward(isTraining: true)
        let output = executor.output.scalars
        for c in 0..<channels {
            let column = (0..<rows).map { Double(x[$0 * channels + c]) }
            let mean = column.reduce(0, +) / Double(rows)
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rows)
            let gamma = [1.5, 0.5, 2][c], beta = [0.25, -1, 0][c]
            for r in stride(from: c, to: rows, by: 997) {
                let expected = gamma * (column[r] - mean) / (variance + 1e-3).squareRoot() + beta
                XCTAssertEqual(Double(output[r * channels + c]), expected, accuracy: 1e-4, "row \(r) channel \(c)")
            }
        }
    }
}

import Foundation
import XCTest
import Graph
import Tensor

/// Every operator's backward pass against central finite differences.
final class GradientTests: XCTestCase {
    private func tensor(_ shape: [Int], seed: UInt64, awayFromZero: Float = 0, low: Float = -1, high: Float = 1) throws -> Tensor {
        try Tensor(shape: shape, scalars: testValues(shape.reduce(1, *), seed: seed, low: low, high: high, awayFromZero: awayFromZero))
    }

    func testEmbeddingWeightGradientScatterAddsRepeatedRows() throws {
        let symbol = Symbol.embedding(data: .variable("data"), inputDim: 5, outputDim: 4, name: "emb")
        // Row 3 appears twice: its gradient is the sum of both output rows' gradients.
        let indices = try Tensor(shape: [2, 2], scalars: [3, 1, 3.7, 0])
        try checkGradients(symbol, inputs: ["data": indices, "emb_weight": tensor([5, 4], seed: 1)],
                           withRespectTo: ["emb_weight"])
    }

    func testFullyConnectedGradients() throws {
        let symbol = Symbol.fullyConnected(data: .variable("x"), numHidden: 3, name: "fc")
        try checkGradients(symbol, inputs: ["x": tensor([3, 2, 2], seed: 2), "fc_weight": tensor([3, 4], seed: 3),
                                            "fc_bias": tensor([3], seed: 4)],
                           withRespectTo: ["x", "fc_weight", "fc_bias"])
        let noBias = Symbol.fullyConnected(data: .variable("x"), numHidden: 2, noBias: true, name: "fc2")
        try checkGradients(noBias, inputs: ["x": tensor([4, 3], seed: 5), "fc2_weight": tensor([2, 3], seed: 6)],
                           withRespectTo: ["x", "fc2_weight"])
    }

    func testSingleUnitAndSharedInputFullyConnectedGradients() throws {
        // One output unit takes the GEMV path; x feeds two layers, so its gradient accumulates.
        let x = Symbol.variable("x")
        let one = Symbol.fullyConnected(data: x, numHidden: 1, name: "one")
        let wide = Symbol.fullyConnected(data: x, numHidden: 1, noBias: true, name: "two")
        let three = Symbol.fullyConnected(data: x, numHidden: 4, name: "three")
        let symbol = Symbol.concat([one * wide, three])
        try checkGradients(symbol, inputs: [
            "x": tensor([5, 3], seed: 30), "one_weight": tensor([1, 3], seed: 31), "one_bias": tensor([1], seed: 32),
            "two_weight": tensor([1, 3], seed: 33), "three_weight": tensor([4, 3], seed: 34), "three_bias": tensor([4], seed: 35),
        ], withRespectTo: ["x", "one_weight", "one_bias", "two_weight", "three_weight", "three_bias"])
    }

    func testActivationGradients() throws {
        for type in ActivationType.allCases {
            let symbol = Symbol.activation(data: .variable("x"), type: type)
            // Values away from 0 so that relu's kink is not inside the finite-difference step.
            try checkGradients(symbol, inputs: ["x": tensor([4, 5], seed: 7, awayFromZero: 0.05, low: -3, high: 3)],
                               withRespectTo: ["x"])
        }
    }

    func testConcatFlattenAndSumAxisGradients() throws {
        let concat = Symbol.concat([.variable("a"), .variable("b")])
        try checkGradients(concat, inputs: ["a": tensor([2, 3], seed: 8), "b": tensor([2, 2], seed: 9)],
                           withRespectTo: ["a", "b"])
        let concatLast = Symbol.concat([.variable("a"), .variable("b")], dimension: -1)
        try checkGradients(concatLast, inputs: ["a": tensor([2, 2, 1], seed: 10), "b": tensor([2, 2, 3], seed: 11)],
                           withRespectTo: ["a", "b"])
        let flatten = Symbol.flatten(.variable("x"))
        try checkGradients(flatten, inputs: ["x": tensor([2, 3, 2], seed: 12)], withRespectTo: ["x"])
        for (axis, keepDims) in [(1, false), (0, true), (-1, false)] {
            let sum = Symbol.sumAxis(.variable("x"), axis: axis, keepDims: keepDims)
            try checkGradients(sum, inputs: ["x": tensor([2, 3, 4], seed: 13)], withRespectTo: ["x"])
        }
    }

    func testElementwiseGradientsAccumulateOverSharedInputs() throws {
        let x = Symbol.variable("x"), y = Symbol.variable("y")
        // x is used three times: x·x + x·y, so its gradient must accumulate.
        let symbol = (x * x) + (x * y) - (y / (x + 3))
        try checkGradients(symbol, inputs: ["x": tensor([3, 2], seed: 14), "y": tensor([3, 2], seed: 15)],
                           withRespectTo: ["x", "y"])
        let scalars = ((2 - x) * 3 + 1) / 2 - 1 / (x + 4) + (x - 0.5) / 4
        try checkGradients(scalars, inputs: ["x": tensor([5], seed: 16)], withRespectTo: ["x"])
    }

    func testMatrixFactorizationGraphGradient() throws {
        let user = Symbol.embedding(data: .variable("user"), inputDim: 4, outputDim: 3, name: "u")
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 5, outputDim: 3, name: "m")
        let symbol = Symbol.flatten(Symbol.sumAxis(user * movie, axis: 1))
        try checkGradients(symbol, inputs: [
            "user": Tensor([0, 3, 3, 1]), "movie": Tensor([4, 0, 2, 4]),
            "u_weight": tensor([4, 3], seed: 17), "m_weight": tensor([5, 3], seed: 18),
        ], withRespectTo: ["u_weight", "m_weight"])
    }

    func testBatchNormGradientsInTraining() throws {
        for fixGamma in [false, true] {
            let symbol = Symbol.batchNorm(data: .variable("x"), fixGamma: fixGamma, name: "bn")
            try checkGradients(symbol, inputs: [
                "x": tensor([6, 3], seed: 19, low: -2, high: 2), "bn_gamma": tensor([3], seed: 20, low: 0.5, high: 1.5),
                "bn_beta": tensor([3], seed: 21),
            ], withRespectTo: ["x", "bn_gamma", "bn_beta"], step: 1e-2, rtol: 3e-2, atol: 5e-3)
        }
    }

    func testRegressionOutputsStartTheGradientFromTheLabel() throws {
        let prediction: [Float] = [0.5, -1, 2, 0.25]
        let label: [Float] = [1, -1, 0, 0.5]
        let cases: [(Symbol, [Float], [Float])] = [
            (Symbol.linearRegressionOutput(data: .variable("x"), label: .variable("l")), prediction,
             zip(prediction, label).map { $0 - $1 }),
            (Symbol.maeRegressionOutput(data: .variable("x"), label: .variable("l")), prediction,
             zip(prediction, label).map { $0 > $1 ? 1 : ($0 < $1 ? -1 : 0) }),
            (Symbol.logisticRegressionOutput(data: .variable("x"), label: .variable("l")),
             prediction.map { 1 / (1 + exp(-$0)) }, zip(prediction, label).map { 1 / (1 + exp(-$0)) - $1 }),
        ]
        for (symbol, expectedOutput, expectedGradient) in cases {
            let executor = try Executor(symbol: symbol, shapes: ["x": [4, 1], "l": [4]], gradientNames: ["x"])
            try executor.setValue("x", to: Tensor(shape: [4, 1], scalars: prediction))
            try executor.setValue("l", to: Tensor(label))
            try executor.forward(isTraining: true)
            try executor.backward()
            assertClose(executor.output.scalars, expectedOutput, "output of \(symbol.name)")
            assertClose(try executor.gradient(of: "x").scalars, expectedGradient, "gradient of \(symbol.name)")
        }
        // The linear regression gradient is that of ½·Σ(x − label)²: check it by finite differences.
        let symbol = Symbol.linearRegressionOutput(data: .variable("x"), label: .variable("l"))
        let executor = try Executor(symbol: symbol, shapes: ["x": [4, 1], "l": [4]], gradientNames: ["x"])
        try executor.setValue("l", to: Tensor(label))
        try executor.setValue("x", to: Tensor(shape: [4, 1], scalars: prediction))
        try executor.forward(isTraining: true)
        try executor.backward()
        let loss: ([Float]) -> Double = { x in zip(x, label).reduce(0) { $0 + 0.5 * Double(($1.0 - $1.1) * ($1.0 - $1.1)) } }
        let numeric = prediction.indices.map { i -> Float in
            var plus = prediction, minus = prediction
            plus[i] += 1e-2
            minus[i] -= 1e-2
            return Float((loss(plus) - loss(minus)) / 2e-2)
        }
        assertClose(try executor.gradient(of: "x").scalars, numeric, rtol: 1e-3, atol: 1e-4, "LRO vs ½Σ(x−l)²")
    }

    func testSoftmaxOutputGradientIsSoftmaxMinusOneHot() throws {
        let symbol = Symbol.softmaxOutput(data: .variable("x"), label: .variable("l"))
        let logits: [Float] = [1, 2, 3, 0, 0, 0]
        let executor = try Executor(symbol: symbol, shapes: ["x": [2, 3], "l": [2]], gradientNames: ["x"])
        try executor.setValue("x", to: Tensor(shape: [2, 3], scalars: logits))
        try executor.setValue("l", to: Tensor([2, 0.9]))  // 0.9 truncates to class 0
        try executor.forward(isTraining: true)
        try executor.backward()
        let e: [Float] = [expf(1), expf(2), expf(3)]
        let s = e.reduce(0, +)
        let softmax: [Float] = [e[0] / s, e[1] / s, e[2] / s, 1 / 3, 1 / 3, 1 / 3]
        assertClose(executor.output.scalars, softmax, "softmax")
        assertClose(try executor.gradient(of: "x").scalars,
                    [softmax[0], softmax[1], softmax[2] - 1, softmax[3] - 1, softmax[4], softmax[5]], "softmax − onehot")
        // The gradient is that of the cross-entropy −Σ log softmax[label].
        let crossEntropy: ([Float]) -> Double = { x in
            let rows = [Array(x[0..<3]), Array(x[3..<6])], labels = [2, 0]
            return zip(rows, labels).reduce(0.0) { total, pair in
                let m = pair.0.max() ?? 0
                let logSum = log(pair.0.reduce(0.0) { $0 + exp(Double($1 - m)) }) + Double(m)
                return total - (Double(pair.0[pair.1]) - logSum)
            }
        }
        let numeric = logits.indices.map { i -> Float in
            var plus = logits, minus = logits
            plus[i] += 1e-2
            minus[i] -= 1e-2
            return Float((crossEntropy(plus) - crossEntropy(minus)) / 2e-2)
        }
        assertClose(try executor.gradient(of: "x").scalars, numeric, rtol: 1e-3, atol: 1e-4, "softmax vs cross-entropy")
    }

    func testDropoutMasksInTrainingAndIsIdentityInInference() throws {
        let symbol = Symbol.dropout(data: .variable("x"), probability: 0.25)
        let executor = try Executor(symbol: symbol, shapes: ["x": [1000]], gradientNames: ["x"])
        try executor.setValue("x", to: Tensor(shape: [1000], repeating: 2))
        try executor.forward(isTraining: false)
        XCTAssertEqual(executor.output.scalars, Array(repeating: 2, count: 1000))
        try executor.forward(isTraining: true)
        let output = executor.output.scalars
        XCTAssertTrue(output.allSatisfy { $0 == 0 || abs($0 - 2 / 0.75) < 1e-6 })
        let kept = output.filter { $0 != 0 }.count
        XCTAssertEqual(Double(kept) / 1000, 0.75, accuracy: 0.05)
        try executor.backward(outputGradient: Tensor(shape: [1000], repeating: 1))
        let gradient = try executor.gradient(of: "x").scalars
        for (g, y) in zip(gradient, output) { XCTAssertEqual(g, y / 2, accuracy: 1e-6) }
    }
}

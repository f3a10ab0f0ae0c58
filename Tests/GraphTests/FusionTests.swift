import XCTest
import Graph
import Tensor

/// The executor's buffer sharing: a ReLU run inside the fully connected layer before it (in
/// place), and flatten sharing its input's buffer and gradient. Results must be those of the
/// unfused operators.
final class FusionTests: XCTestCase {
    private func tensor(_ shape: [Int], seed: UInt64, awayFromZero: Float = 0) throws -> Tensor {
        try Tensor(shape: shape, scalars: testValues(shape.reduce(1, *), seed: seed, awayFromZero: awayFromZero))
    }

    func testFusedReluGradientsMatchFiniteDifferences() throws {
        // flatten → FC → relu → FC: the relu is fused, flatten shares x's buffer and gradient.
        let hidden = Symbol.activation(data: .fullyConnected(data: .flatten(.variable("x")), numHidden: 4, name: "fc1"), type: .relu)
        let symbol = Symbol.fullyConnected(data: hidden, numHidden: 3, name: "fc2")
        try checkGradients(symbol, inputs: [
            "x": tensor([6, 5, 1], seed: 40), "fc1_weight": tensor([4, 5], seed: 41), "fc1_bias": tensor([4], seed: 42),
            "fc2_weight": tensor([3, 4], seed: 43), "fc2_bias": tensor([3], seed: 44),
        ], withRespectTo: ["x", "fc1_weight", "fc1_bias", "fc2_weight", "fc2_bias"])
    }

    func testReluAfterBatchNormAndGatedInputGradientsMatchFiniteDifferences() throws {
        // FC → BN → relu → FC → BN → relu → FC (one unit), the deep MF + batch norm network:
        // each relu runs inside its batch norm, and its backward pass inside the next layer.
        var network = Symbol.fullyConnected(data: .variable("x"), numHidden: 9, name: "fc1")
        network = Symbol.activation(data: .batchNorm(data: network, name: "bn1"), type: .relu)
        network = Symbol.fullyConnected(data: network, numHidden: 10, name: "fc2")
        network = Symbol.activation(data: .batchNorm(data: network, name: "bn2"), type: .relu)
        let symbol = Symbol.fullyConnected(data: network, numHidden: 1, name: "fc3")
        try checkGradients(symbol, inputs: [
            "x": tensor([7, 5], seed: 70), "fc1_weight": tensor([9, 5], seed: 71), "fc1_bias": tensor([9], seed: 72),
            "bn1_gamma": tensor([9], seed: 73, awayFromZero: 0.5), "bn1_beta": tensor([9], seed: 74),
            "bn1_moving_mean": tensor([9], seed: 75), "bn1_moving_var": Tensor(shape: [9], repeating: 1),
            "fc2_weight": tensor([10, 9], seed: 76), "fc2_bias": tensor([10], seed: 77),
            "bn2_gamma": tensor([10], seed: 78, awayFromZero: 0.5), "bn2_beta": tensor([10], seed: 79),
            "bn2_moving_mean": tensor([10], seed: 80), "bn2_moving_var": Tensor(shape: [10], repeating: 1),
            "fc3_weight": tensor([1, 10], seed: 81), "fc3_bias": tensor([1], seed: 82),
        ], withRespectTo: ["x", "fc1_weight", "fc1_bias", "bn1_beta", "fc2_weight", "fc2_bias", "bn2_beta", "fc3_weight"])
    }

    func testReluIsNotFusedWhenTheLayerOutputIsAlsoReadElsewhere() throws {
        // fc is read by the relu and by the sum: the sum must see the unrectified values.
        let fc = Symbol.fullyConnected(data: .variable("x"), numHidden: 4, name: "fc")
        let symbol = Symbol.activation(data: fc, type: .relu) + fc
        let inputs = ["x": try tensor([5, 3], seed: 50), "fc_weight": try tensor([4, 3], seed: 51), "fc_bias": try tensor([4], seed: 52)]
        let executor = try Executor(symbol: symbol, shapes: inputs.mapValues(\.shape))
        for (name, value) in inputs { try executor.setValue(name, to: value) }
        try executor.forward(isTraining: false)
        let x = inputs["x"]!.scalars, w = inputs["fc_weight"]!.scalars, b = inputs["fc_bias"]!.scalars
        var expected: [Float] = []
        for r in 0..<5 {
            for h in 0..<4 {
                var z = b[h]
                for k in 0..<3 { z += x[r * 3 + k] * w[h * 3 + k] }
                expected.append(max(z, 0) + z)
            }
        }
        assertClose(executor.output.scalars, expected, rtol: 1e-5, atol: 1e-6, "relu(fc) + fc")
        try checkGradients(symbol, inputs: inputs, withRespectTo: ["x", "fc_weight", "fc_bias"])
    }

    /// Enough rows for several forward blocks: the fused output is max(x·Wᵀ + b, 0) row by row.
    func testFusedReluOverManyBlocksMatchesDirectComputation() throws {
        let (rows, features, units) = (2_500, 7, 64)
        let symbol = Symbol.activation(data: .fullyConnected(data: .variable("x"), numHidden: units, name: "fc"), type: .relu)
        let x = try tensor([rows, features], seed: 60), w = try tensor([units, features], seed: 61), b = try tensor([units], seed: 62)
        let executor = try Executor(symbol: symbol, shapes: ["x": [rows, features]], gradientNames: ["fc_weight"])
        try executor.setValue("x", to: x)
        try executor.setValue("fc_weight", to: w)
        try executor.setValue("fc_bias", to: b)
        try executor.forward(isTraining: true)
        let (xs, ws, bs) = (x.scalars, w.scalars, b.scalars)
        var expected = [Float](repeating: 0, count: rows * units)
        for r in 0..<rows {
            for h in 0..<units {
                var z = Double(bs[h])
                for k in 0..<features { z += Double(xs[r * features + k]) * Double(ws[h * features + k]) }
                expected[r * units + h] = Float(max(z, 0))
            }
        }
        assertClose(executor.output.scalars, expected, rtol: 1e-5, atol: 1e-5, "fused relu over \(rows) rows")
        // Backward with a gradient of ones: dW[h, k] = Σ_r [y > 0] · x[r, k].
        try executor.backward()
        let output = executor.output.scalars
        var dw = [Float](repeating: 0, count: units * features)
        for h in 0..<units {
            for k in 0..<features {
                var sum = 0.0
                for r in 0..<rows where output[r * units + h] > 0 { sum += Double(xs[r * features + k]) }
                dw[h * features + k] = Float(sum)
            }
        }
        assertClose(try executor.gradient(of: "fc_weight").scalars, dw, rtol: 1e-4, atol: 1e-3, "dW")
    }

    func testEmbeddingsWriteIntoTheConcatenationThatReadsThem() throws {
        // concat(u, m, g) → flatten → FC, the genre network's first layer: the three embeddings
        // write into the concatenation's columns and read their output gradients there.
        let u = Symbol.embedding(data: .variable("u"), inputDim: 6, outputDim: 3, name: "ue")
        let m = Symbol.embedding(data: .variable("m"), inputDim: 5, outputDim: 4, name: "me")
        let g = Symbol.embedding(data: .variable("g"), inputDim: 3, outputDim: 2, name: "ge")
        let symbol = Symbol.fullyConnected(data: .flatten(.concat([u, m, g])), numHidden: 3, name: "fc")
        let inputs: [String: Tensor] = try [
            "u": Tensor([0, 5, 2, 2, 4.5]), "m": Tensor([4, 0, 1, 4, 3]), "g": Tensor([2, 1, 0, 0, 2]),
            "ue_weight": tensor([6, 3], seed: 50), "me_weight": tensor([5, 4], seed: 51), "ge_weight": tensor([3, 2], seed: 52),
            "fc_weight": tensor([3, 9], seed: 53), "fc_bias": tensor([3], seed: 54),
        ]
        try checkGradients(symbol, inputs: inputs, withRespectTo: ["ue_weight", "me_weight", "ge_weight", "fc_weight", "fc_bias"])
        // The forward pass: each output is the layer over the three rows side by side.
        let executor = try Executor(symbol: symbol, shapes: inputs.mapValues(\.shape))
        for (name, value) in inputs { try executor.setValue(name, to: value) }
        try executor.forward(isTraining: false)
        let tables = try ["u": ("ue_weight", 3), "m": ("me_weight", 4), "g": ("ge_weight", 2)].mapValues { name, width in
            (try XCTUnwrap(inputs[name]).scalars, width)
        }
        let weight = try XCTUnwrap(inputs["fc_weight"]).scalars, bias = try XCTUnwrap(inputs["fc_bias"]).scalars
        var expected: [Float] = []
        for r in 0..<5 {
            var features: [Float] = []
            for input in ["u", "m", "g"] {
                let (table, width) = try XCTUnwrap(tables[input])
                let row = Int(try XCTUnwrap(inputs[input]).scalars[r])
                features += table[row * width..<(row + 1) * width]
            }
            for h in 0..<3 {
                expected.append(bias[h] + zip(features, weight[h * 9..<(h + 1) * 9]).map { $0 * $1 }.reduce(0, +))
            }
        }
        assertClose(executor.output.scalars, expected, rtol: 1e-5, atol: 1e-6, "concat of embeddings")
    }

    func testConcatenationsWithOtherInputsOrSharedEmbeddingsStillConcatenate() throws {
        // A dense feature beside an embedding, and an embedding that something else reads too:
        // these concatenations copy as before.
        let u = Symbol.embedding(data: .variable("u"), inputDim: 4, outputDim: 2, name: "ue")
        let mixed = Symbol.fullyConnected(data: .concat([u, .variable("x")]), numHidden: 2, name: "fc")
        try checkGradients(mixed, inputs: [
            "u": Tensor([3, 1, 1]), "x": tensor([3, 2], seed: 60), "ue_weight": tensor([4, 2], seed: 61),
            "fc_weight": tensor([2, 4], seed: 62), "fc_bias": tensor([2], seed: 63),
        ], withRespectTo: ["x", "ue_weight", "fc_weight"])
        let m = Symbol.embedding(data: .variable("m"), inputDim: 5, outputDim: 2, name: "me")
        let shared = Symbol.fullyConnected(data: .concat([u, m]), numHidden: 4, name: "fc2") + Symbol.concat([m, m])
        try checkGradients(shared, inputs: [
            "u": Tensor([3, 1, 1]), "m": Tensor([0, 4, 0]), "ue_weight": tensor([4, 2], seed: 64),
            "me_weight": tensor([5, 2], seed: 65), "fc2_weight": tensor([4, 4], seed: 66), "fc2_bias": tensor([4], seed: 67),
        ], withRespectTo: ["ue_weight", "me_weight", "fc2_weight"])
    }
}

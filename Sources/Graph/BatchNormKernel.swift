// BatchNorm over axis 1, with MXNet's symbol defaults and running statistics.
import Foundation
import Tensor

/// MXNet `BatchNorm` (axis 1). Inputs: data `[batch, channels, …]`, gamma, beta `[channels]`,
/// auxiliary moving mean and variance `[channels]`.
///
/// Training: `y = γ·(x − μ_B)/√(σ²_B + ε) + β` with the batch mean and biased variance, and
/// `moving = moving·momentum + batch·(1 − momentum)` (MXNet's convention: momentum weights the
/// old value). Inference: the moving statistics replace the batch's. `fixGamma`: γ ≡ 1, no γ
/// gradient.
final class BatchNormKernel: OperatorKernel {
    private let binding: KernelBinding
    private let fixGamma: Bool
    private let momentum: Float
    private let eps: Float
    private let outer: Int
    private let channels: Int
    private let inner: Int
    /// Per channel: the mean and 1/std used by the last forward, and Double accumulators.
    private let mean: UnsafeMutablePointer<Float>
    private let inverseStd: UnsafeMutablePointer<Float>
    private let sums: UnsafeMutablePointer<Double>
    /// Directly after `sums` in one allocation.
    private let sums2: UnsafeMutablePointer<Double>
    /// Per channel, the backward pass's means of g and then of g·x̂: `[2·channels]`.
    private let meanG: UnsafeMutablePointer<Float>
    /// Per-chunk partial sums of the row-parallel path: `[maximumChunks, 2·channels + 8]` (the
    /// 8 spare values take the zero lanes of a last, partial vector of channels).
    private let partials: UnsafeMutablePointer<Double>
    /// Per channel: the affine map the row-parallel path applies (`scale`, `shift`).
    private let scale: UnsafeMutablePointer<Float>
    private let shift: UnsafeMutablePointer<Float>
    /// A ReLU is fused into the forward pass (the executor aliased its output to this one):
    /// the output is rectified as it is written. The backward pass needs no change, since it
    /// recomputes x̂ from the input and receives the ReLU's gradient from the ReLU (or from the
    /// layer that reads it).
    private let appliesRelu: Bool
    private static let maximumChunks = 32
    private static let minimumRows = 1024

    static func inferShapes(node: String, data: [Int]) throws -> NodeShapes {
        guard data.count >= 2 else {
            throw EngineError.shapeMismatch("\(node): BatchNorm needs data with at least 2 dimensions, got \(data)")
        }
        let channel = [data[1]]
        return NodeShapes(inputs: [data, channel, channel, channel, channel], output: data)
    }

    init(_ binding: KernelBinding, fixGamma: Bool, momentum: Float, eps: Float, appliesRelu: Bool = false) throws {
        guard eps > 0 else {
            throw EngineError.invalidArgument("\(binding.name): eps must be positive, got \(eps)")
        }
        self.binding = binding
        self.fixGamma = fixGamma
        self.momentum = momentum
        self.eps = eps
        self.appliesRelu = appliesRelu
        let shape = binding.inputShapes[0]
        outer = shape[0]
        channels = shape[1]
        inner = shape[2...].reduce(1, *)
        let c = max(channels, 1)
        mean = .allocate(capacity: c)
        inverseStd = .allocate(capacity: c)
        sums = .allocate(capacity: 2 * c)
        sums2 = sums + c
        meanG = .allocate(capacity: 2 * c)
        partials = .allocate(capacity: Self.maximumChunks * (2 * c + 8))
        scale = .allocate(capacity: c)
        shift = .allocate(capacity: c)
        mean.initialize(repeating: 0, count: c)
        inverseStd.initialize(repeating: 1, count: c)
    }

    deinit {
        mean.deallocate()
        inverseStd.deallocate()
        sums.deallocate()
        meanG.deallocate()
        partials.deallocate()
        scale.deallocate()
        shift.deallocate()
    }

    private var itemCount: Int { outer * inner }
    private var lastWasTraining = false

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], gamma = binding.inputs[1], beta = binding.inputs[2]
        let y = binding.output
        let inner = self.inner
        lastWasTraining = isTraining
        if inner == 1 {
            forwardRows(isTraining: isTraining)
            return
        }
        if isTraining {
            // Per-channel sums in Double, in memory order (rows outer, channels inner).
            sums.update(repeating: 0, count: channels)
            for o in 0..<outer {
                for c in 0..<channels {
                    let block = x + (o * channels + c) * inner
                    var s = 0.0
                    for j in 0..<inner { s += Double(block[j]) }
                    sums[c] += s
                }
            }
            let n = Double(max(itemCount, 1))
            for c in 0..<channels { mean[c] = Float(sums[c] / n) }
            sums2.update(repeating: 0, count: channels)
            for o in 0..<outer {
                for c in 0..<channels {
                    let block = x + (o * channels + c) * inner
                    let m = mean[c]
                    var s = 0.0
                    for j in 0..<inner {
                        let d = Double(block[j] - m)
                        s += d * d
                    }
                    sums2[c] += s
                }
            }
        }
        setNormalization(isTraining: isTraining)
        let fixGamma = self.fixGamma, appliesRelu = self.appliesRelu
        for o in 0..<outer {
            for c in 0..<channels {
                let offset = (o * channels + c) * inner
                let scale = (fixGamma ? 1 : gamma[c]) * inverseStd[c], shift = beta[c], m = mean[c]
                for j in 0..<inner {
                    let value = (x[offset + j] - m) * scale + shift
                    y[offset + j] = appliesRelu && !(value > 0) ? 0 : value
                }
            }
        }
    }

    func backward() throws {
        guard let g = binding.outputGradient else { return }
        if inner == 1 {
            backwardRows(g: g)
            return
        }
        let x = binding.inputs[0], gamma = binding.inputs[1], inner = self.inner
        // sums = Σ g, sums2 = Σ g·x̂ per channel.
        sums.update(repeating: 0, count: channels)
        sums2.update(repeating: 0, count: channels)
        for o in 0..<outer {
            for c in 0..<channels {
                let offset = (o * channels + c) * inner
                let m = mean[c], s = inverseStd[c]
                var sg = 0.0, sgx = 0.0
                for j in 0..<inner {
                    let gj = Double(g[offset + j])
                    sg += gj
                    sgx += gj * Double((x[offset + j] - m) * s)
                }
                sums[c] += sg
                sums2[c] += sgx
            }
        }
        writeScaleAndShiftGradients()
        guard let dx = binding.inputGradients[0] else { return }
        let add = binding.requests[0] == .add
        let n = Float(max(itemCount, 1))
        for o in 0..<outer {
            for c in 0..<channels {
                let offset = (o * channels + c) * inner
                let m = mean[c], s = inverseStd[c]
                let scale = (fixGamma ? 1 : gamma[c]) * s
                let meanG = Float(sums[c]) / n, meanGX = Float(sums2[c]) / n
                for j in 0..<inner {
                    let value: Float
                    if lastWasTraining {
                        let xhat = (x[offset + j] - m) * s
                        value = scale * (g[offset + j] - meanG - xhat * meanGX)
                    } else {
                        value = scale * g[offset + j]
                    }
                    dx[offset + j] = add ? dx[offset + j] + value : value
                }
            }
        }
    }

    /// Sets the mean and 1/std the output uses: in training, from the batch (`mean` and the
    /// squared deviations' sums in `sums2`), also moving the running statistics; in inference,
    /// from the running statistics.
    private func setNormalization(isTraining: Bool) {
        let movingMean = binding.inputs[3], movingVariance = binding.inputs[4]
        if isTraining {
            let n = Double(max(itemCount, 1))
            for c in 0..<channels {
                let variance = Float(sums2[c] / n)
                inverseStd[c] = 1 / (variance + eps).squareRoot()
                movingMean[c] = movingMean[c] * momentum + mean[c] * (1 - momentum)
                movingVariance[c] = movingVariance[c] * momentum + variance * (1 - momentum)
            }
        } else {
            for c in 0..<channels {
                mean[c] = movingMean[c]
                inverseStd[c] = 1 / (movingVariance[c] + eps).squareRoot()
            }
        }
    }

    /// γ's gradient Σ g·x̂ (0 with `fixGamma`) and β's Σ g, per channel, from `sums2` and `sums`.
    private func writeScaleAndShiftGradients() {
        if let dGamma = binding.inputGradients[1] {
            let add = binding.requests[1] == .add
            for c in 0..<channels {
                let value: Float = fixGamma ? 0 : Float(sums2[c])
                dGamma[c] = add ? dGamma[c] + value : value
            }
        }
        if let dBeta = binding.inputGradients[2] {
            let add = binding.requests[2] == .add
            for c in 0..<channels { dBeta[c] = add ? dBeta[c] + Float(sums[c]) : Float(sums[c]) }
        }
    }

    // MARK: Rows of channels (data [batch, channels], after a fully connected layer)

    /// Per-channel sums over the rows, in Double: each of a size-determined number of row
    /// chunks adds its rows into its own partial (`accumulate(rows, partial)`, `width` values
    /// per row), and the partials are added in chunk order into `result` — the same sums
    /// whatever the number of threads.
    private func reduceRows(width: Int, into result: UnsafeMutablePointer<Double>,
                            _ accumulate: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) {
        let partials = self.partials, stride = width + 8
        let chunks = Parallel.chunkCount(count: outer, minimumChunk: Self.minimumRows, maximumChunks: Self.maximumChunks)
        partials.update(repeating: 0, count: Swift.max(chunks, 1) * stride)
        Parallel.forEachChunkIndexed(count: outer, minimumChunk: Self.minimumRows, maximumChunks: Self.maximumChunks) { chunk, rows in
            accumulate(rows, partials + chunk * stride)
        }
        result.update(repeating: 0, count: width)
        for chunk in 0..<chunks {
            let partial = partials + chunk * stride
            for k in 0..<width { result[k] += partial[k] }
        }
    }

    // The row-parallel path works on eight channels at a time; a last partial group of channels
    // is loaded with zeros in its spare lanes, which add nothing to the partial sums (whose
    // rows have 8 spare values) and are never stored to a row.

    private func forwardRows(isTraining: Bool) {
        typealias Lanes = SIMD8<Float>
        let x = binding.inputs[0], gamma = binding.inputs[1], beta = binding.inputs[2]
        let y = binding.output
        let channels = self.channels, mean = self.mean, inverseStd = self.inverseStd
        if isTraining {
            reduceRows(width: channels, into: sums) { rows, partial in
                for o in rows {
                    let row = x + o * channels
                    for c in Swift.stride(from: 0, to: channels, by: 8) {
                        Loops.add(SIMD8<Double>(Lanes.load(from: row + c, count: channels - c)), to: partial + c)
                    }
                }
            }
            let n = Double(max(outer, 1))
            for c in 0..<channels { mean[c] = Float(sums[c] / n) }
            reduceRows(width: channels, into: sums2) { rows, partial in
                for o in rows {
                    let row = x + o * channels
                    for c in Swift.stride(from: 0, to: channels, by: 8) {
                        let count = channels - c
                        let d = SIMD8<Double>(Lanes.load(from: row + c, count: count) - Lanes.load(from: mean + c, count: count))
                        Loops.add(d * d, to: partial + c)
                    }
                }
            }
        }
        setNormalization(isTraining: isTraining)
        let scale = self.scale, shift = self.shift
        for c in 0..<channels {
            scale[c] = (fixGamma ? 1 : gamma[c]) * inverseStd[c]
            shift[c] = beta[c]
        }
        let appliesRelu = self.appliesRelu
        Parallel.forEachChunk(count: outer, minimumChunk: Self.minimumRows, maximumChunks: Self.maximumChunks) { rows in
            for o in rows {
                let input = x + o * channels, output = y + o * channels
                for c in Swift.stride(from: 0, to: channels, by: 8) {
                    let count = channels - c
                    var value = (Lanes.load(from: input + c, count: count) - Lanes.load(from: mean + c, count: count))
                        * Lanes.load(from: scale + c, count: count) + Lanes.load(from: shift + c, count: count)
                    if appliesRelu { value = value.replacing(with: 0, where: .!(value .> 0)) }
                    value.store(to: output + c, count: count)
                }
            }
        }
    }

    private func backwardRows(g: UnsafeMutablePointer<Float>) {
        typealias Lanes = SIMD8<Float>
        let x = binding.inputs[0], gamma = binding.inputs[1]
        let channels = self.channels, mean = self.mean, inverseStd = self.inverseStd
        // sums = Σ g, sums2 = Σ g·x̂ per channel, from one pass (partials hold both halves).
        // `sums2` directly follows `sums`, so one reduction of width 2·channels fills both.
        reduceRows(width: 2 * channels, into: sums) { rows, partial in
            for o in rows {
                let gradient = g + o * channels, input = x + o * channels
                for c in Swift.stride(from: 0, to: channels, by: 8) {
                    let count = channels - c
                    let gc = SIMD8<Double>(Lanes.load(from: gradient + c, count: count))
                    let xhat = (Lanes.load(from: input + c, count: count) - Lanes.load(from: mean + c, count: count))
                        * Lanes.load(from: inverseStd + c, count: count)
                    Loops.add(gc, to: partial + c)
                    Loops.add(gc * SIMD8<Double>(xhat), to: partial + channels + c)
                }
            }
        }
        writeScaleAndShiftGradients()
        guard let dx = binding.inputGradients[0] else { return }
        let add = binding.requests[0] == .add, training = lastWasTraining
        let n = Float(max(outer, 1))
        // Per channel: the scale, and the means of g and g·x̂.
        let meanG = self.meanG, meanGX = self.meanG + channels, scale = self.scale
        for c in 0..<channels {
            scale[c] = (fixGamma ? 1 : gamma[c]) * inverseStd[c]
            meanG[c] = Float(sums[c]) / n
            meanGX[c] = Float(sums2[c]) / n
        }
        Parallel.forEachChunk(count: outer, minimumChunk: Self.minimumRows, maximumChunks: Self.maximumChunks) { rows in
            for o in rows {
                let gradient = g + o * channels, input = x + o * channels, output = dx + o * channels
                for c in Swift.stride(from: 0, to: channels, by: 8) {
                    let count = channels - c
                    var value: Lanes
                    if training {
                        let xhat = (Lanes.load(from: input + c, count: count) - Lanes.load(from: mean + c, count: count))
                            * Lanes.load(from: inverseStd + c, count: count)
                        value = Lanes.load(from: scale + c, count: count)
                            * (Lanes.load(from: gradient + c, count: count) - Lanes.load(from: meanG + c, count: count)
                               - xhat * Lanes.load(from: meanGX + c, count: count))
                    } else {
                        value = Lanes.load(from: scale + c, count: count) * Lanes.load(from: gradient + c, count: count)
                    }
                    if add { value += Lanes.load(from: output + c, count: count) }
                    value.store(to: output + c, count: count)
                }
            }
        }
    }
}

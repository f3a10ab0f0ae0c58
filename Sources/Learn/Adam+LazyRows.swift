// Exact lazy Adam for embedding tables: rows are brought up to date only when read.
//
// Under MXNet's dense gradient every row of an embedding table takes an Adam step every batch,
// with a zero gradient for the rows the batch does not use: m ← β1·m, v ← β2·v,
// w ← w − lr_t·m/(√v + ε). Those steps depend only on the row's own state and on the global
// step's lr_t, so they can be deferred: each row remembers how many steps it has had, and when
// a batch touches it (or before anyone reads the weights) the skipped steps are replayed,
// element by element, in the dense kernel's float32 arithmetic and order — the result is the
// dense result bit for bit (see `replaySkippedSteps` for the one shortcut, which is also exact).
import Foundation
import Tensor

/// A lazily updated table's bookkeeping: `stamps[r]` is the number of steps row `r` has had.
struct LazyRowState {
    let width: Int
    var stamps: [Int]
}

extension Adam {
    /// Whether parameter `index` may be updated row-lazily: laziness is on and its weight decay
    /// is 0 (`wd·w` would be a nonzero gradient on every row every step). Clipping is harmless:
    /// a zero gradient clips to zero.
    func canUpdateLazily(index: Int) -> Bool {
        lazyRowUpdates && index < means.count && common.weightDecay(for: index) == 0
    }

    /// Brings rows `rows` of a table of `count / width` rows of `width` elements up to the
    /// current step (replays the zero-gradient steps they skipped), so that a forward pass
    /// reads exactly what dense Adam would hold. Call it before the forward pass of a batch
    /// that reads `rows`; `updateRows` then steps them.
    func catchUpRows(index: Int, weight: UnsafeMutablePointer<Float>, count: Int, width: Int, rows: [Int]) {
        guard index < means.count, width > 0, count % width == 0, canUpdateLazily(index: index) else { return }
        var state = takeState(index: index, weight: weight, count: count, width: width)
        let step = updateCounts[index]
        let context = replayContext(index: index, weight: weight)
        forEachRow(rows, of: &state) { row, stamp in
            guard stamp < step else { return }
            context.replay(elements: row * width..<(row + 1) * width, firstStep: stamp + 1, lastStep: step)
            stamp = step
        }
        lazyRows[index] = state
    }

    /// One Adam step on a table of `count / width` rows of `width` elements whose gradient is
    /// zero outside `rows` (unique row indices): the rows in `rows` are caught up (a no-op after
    /// `catchUpRows`), then stepped with their gradient; the others are left behind, to be
    /// caught up later. Equal, once caught up, to `update(index:weight:gradient:count:)`.
    func updateRows(index: Int, weight: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
                    count: Int, width: Int, rows: [Int]) {
        guard index < means.count else { return }
        guard width > 0, count % width == 0, canUpdateLazily(index: index) else {
            update(index: index, weight: weight, gradient: gradient, count: count)
            return
        }
        var state = takeState(index: index, weight: weight, count: count, width: width)
        let lr = beginStep(index: index)
        let step = updateCounts[index]
        let context = replayContext(index: index, weight: weight)
        let rescale = common.rescaleGrad, clip = common.clipGradient
        forEachRow(rows, of: &state) { row, stamp in
            let elements = row * width..<(row + 1) * width
            context.replay(elements: elements, firstStep: stamp + 1, lastStep: step - 1)
            adamKernel(range: elements, weight: weight, gradient: gradient, mean: context.mean,
                       variance: context.variance, lr: lr, wd: 0, rescale: rescale, clip: clip,
                       beta1: context.beta1, beta2: context.beta2, epsilon: context.epsilon)
            stamp = step
        }
        lazyRows[index] = state
    }

    /// Runs `body(row, &stamp)` for every row of `rows` inside the table (rows in parallel
    /// chunks; each row's work must touch only that row).
    @inline(__always)
    private func forEachRow(_ rows: [Int], of state: inout LazyRowState, _ body: (Int, inout Int) -> Void) {
        let rowCount = state.stamps.count
        state.stamps.withUnsafeMutableBufferPointer { stamps in
            rows.withUnsafeBufferPointer { touched in
                Parallel.forEachChunk(count: touched.count, minimumChunk: 256) { range in
                    for j in range {
                        let row = touched[j]
                        guard row >= 0, row < rowCount else { continue }
                        body(row, &stamps[row])
                    }
                }
            }
        }
    }

    /// Takes parameter `index`'s row bookkeeping out of `lazyRows` (so its stamps are uniquely
    /// referenced while written; the caller puts it back), creating it — every row current —
    /// when absent, and starting afresh (after a full catch-up) when the table's shape changed.
    private func takeState(index: Int, weight: UnsafeMutablePointer<Float>, count: Int, width: Int) -> LazyRowState {
        if let state = lazyRows[index], state.width != width || state.stamps.count != count / width {
            synchronizeRows(index: index, weight: weight)
            lazyRows[index] = nil
        }
        let state = lazyRows[index] ?? LazyRowState(
            width: width, stamps: Array(repeating: updateCounts[index], count: count / width))
        lazyRows[index] = nil
        return state
    }

    /// Brings every row of lazily updated parameter `index` up to date (a no-op otherwise), so
    /// that `weight` holds exactly what dense updates would have produced.
    func synchronizeRows(index: Int, weight: UnsafeMutablePointer<Float>) {
        guard index < lazyRows.count, var state = lazyRows[index] else { return }
        lazyRows[index] = nil
        let step = updateCounts[index], width = state.width
        let context = replayContext(index: index, weight: weight)
        state.stamps.withUnsafeMutableBufferPointer { stamps in
            Parallel.forEachChunk(count: stamps.count, minimumChunk: 1024) { range in
                for row in range where stamps[row] < step {
                    context.replay(elements: row * width..<(row + 1) * width, firstStep: stamps[row] + 1, lastStep: step)
                    stamps[row] = step
                }
            }
        }
        lazyRows[index] = state
    }

    private func replayContext(index: Int, weight: UnsafeMutablePointer<Float>) -> ZeroGradientReplay {
        ZeroGradientReplay(
            weight: weight, mean: means[index].pointer, variance: variances[index].pointer,
            rates: stepRates[index], largestRate: largestRates[index],
            beta1: beta1, beta2: beta2, epsilon: epsilon)
    }
}

/// Replays Adam steps with a zero gradient on a range of elements.
struct ZeroGradientReplay: @unchecked Sendable {
    let weight: UnsafeMutablePointer<Float>
    let mean: UnsafeMutablePointer<Float>
    let variance: UnsafeMutablePointer<Float>
    /// `rates[t − 1]` is step `t`'s `lr_t`.
    let rates: [Float]
    /// The largest `|lr_t|` of any step so far.
    let largestRate: Float
    let beta1: Float
    let beta2: Float
    let epsilon: Float

    /// Applies steps `firstStep...lastStep` (1-based) with a zero gradient to `elements`, in the
    /// dense kernel's float32 arithmetic: `m = m·β1 + 0`, `v = v·β2 + 0`, `w = w − lr_t·m/(√v + ε)`.
    /// Elements are independent, so they are replayed eight at a time, each lane running through
    /// all its steps in registers (the same operations, in the same order per element, as the
    /// dense kernel's step after step).
    ///
    /// The shortcut: once, for every element of a group, `L·|m| < ¼·gap(w)·max(ε, √v)` (L the
    /// largest rate, gap(w) the distance from |w| to the next float toward zero), no later step
    /// can move w in float32: the step at j steps on is at most `L·|m|·β1^j / max(ε, √v·β2^(j/2))`
    /// ≤ `L·|m|·ρ^j / max(ε, √v)` with ρ = β1/√β2 < 1 (and ≥ ε in the denominator even once v
    /// is subnormal, where √v·β1^j < ε), so below half the gap, and `w − δ` rounds back to w
    /// (the factor ½ to spare covers the rounding of m, v and δ along the way). ε is kept, as it
    /// must be: √v is often below ε. The moments' remaining decay is then applied in closed
    /// form, m·β1^k and v·β2^k (one rounding instead of k; the weights are unaffected).
    @inline(__always)
    func replay(elements: Range<Int>, firstStep: Int, lastStep: Int) {
        guard firstStep <= lastStep, lastStep <= rates.count, firstStep >= 1 else { return }
        typealias Lanes = SIMD8<Float>
        var start = elements.lowerBound
        while start + 8 <= elements.upperBound {
            var m = UnsafeRawPointer(mean + start).loadUnaligned(as: Lanes.self)
            var v = UnsafeRawPointer(variance + start).loadUnaligned(as: Lanes.self)
            var w = UnsafeRawPointer(weight + start).loadUnaligned(as: Lanes.self)
            let next = replaySteps(m: &m, v: &v, w: &w, firstStep: firstStep, lastStep: lastStep)
            UnsafeMutableRawPointer(mean + start).storeBytes(of: m, as: Lanes.self)
            UnsafeMutableRawPointer(variance + start).storeBytes(of: v, as: Lanes.self)
            UnsafeMutableRawPointer(weight + start).storeBytes(of: w, as: Lanes.self)
            decay(elements: start..<start + 8, from: next, through: lastStep)
            start += 8
        }
        for i in start..<elements.upperBound {
            var m = Lanes(repeating: 0), v = Lanes(repeating: 0), w = Lanes(repeating: 0)
            m[0] = mean[i]; v[0] = variance[i]; w[0] = weight[i]
            let next = replaySteps(m: &m, v: &v, w: &w, firstStep: firstStep, lastStep: lastStep, lanes: 1)
            mean[i] = m[0]; variance[i] = v[0]; weight[i] = w[0]
            decay(elements: i..<i + 1, from: next, through: lastStep)
        }
    }

    /// Runs steps from `firstStep` on eight lanes (the first `lanes` of them real) until `lastStep` or until they are frozen; returns the first step not applied.
    @inline(__always)
    private func replaySteps(m: inout SIMD8<Float>, v: inout SIMD8<Float>, w: inout SIMD8<Float>,
                             firstStep: Int, lastStep: Int, lanes: Int = 8) -> Int {
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        let canFreeze = epsilon > 0 && beta1 >= 0 && beta1 < 1 && beta2 > 0 && beta2 <= 1
            && Double(beta1) < Double(beta2).squareRoot()
        let zero = SIMD8<Float>(repeating: 0)
        return rates.withUnsafeBufferPointer { rates in
            var step = firstStep
            while step <= lastStep {
                if canFreeze && (step - firstStep) % 8 == 0 && isFrozen(m: m, v: v, w: w, lanes: lanes) { break }
                let lr = rates[step - 1]
                m = m * beta1 + zero
                v = v * beta2 + zero
                w = w - lr * m / (v.squareRoot() + epsilon)
                step += 1
            }
            return step
        }
    }

    /// Applies the moments' decay of steps `step...lastStep` in closed form (see `replay`).
    @inline(__always)
    private func decay(elements: Range<Int>, from step: Int, through lastStep: Int) {
        guard step <= lastStep else { return }
        let remaining = Double(lastStep - step + 1)
        let meanDecay = pow(Double(beta1), remaining), varianceDecay = pow(Double(beta2), remaining)
        for i in elements {
            mean[i] = Float(Double(mean[i]) * meanDecay)
            variance[i] = Float(Double(variance[i]) * varianceDecay)
        }
    }

    /// Whether no further zero-gradient step can change the weight of any of the first `lanes`
    /// lanes (see `replay`).
    @inline(__always)
    private func isFrozen(m: SIMD8<Float>, v: SIMD8<Float>, w: SIMD8<Float>, lanes: Int) -> Bool {
        let rate = Double(largestRate), floor = Double(epsilon)
        for lane in 0..<lanes {
            let mean = Double(m[lane]).magnitude
            if mean == 0 { continue }
            let magnitude = w[lane].magnitude
            let gap = Double(magnitude - magnitude.nextDown)
            let denominator = Swift.max(floor, Double(v[lane]).squareRoot())
            if !(rate * mean < 0.25 * gap * denominator) { return false }
        }
        return true
    }
}

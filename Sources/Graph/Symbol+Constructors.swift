// The static constructors and operators that build symbol graphs (MXNet's `mx.symbol.*`).
import Tensor

extension Symbol {
    /// Restarts automatic naming (`embedding0`, …) from 0, like a fresh MXNet process.
    public static func resetNaming() { SymbolNaming.reset() }

    private static func node(
        _ operation: Operation, name: String?, inputs: [Symbol], auxiliary: Set<Int> = []
    ) -> Symbol {
        Symbol(name: name ?? SymbolNaming.nextName(for: operation.nameHint),
               operation: operation, inputs: inputs, auxiliaryInputIndices: auxiliary)
    }

    /// A named input or parameter (MXNet `mx.symbol.Variable(name)`).
    public static func variable(_ name: String) -> Symbol {
        Symbol(name: name, operation: .variable, inputs: [])
    }

    /// Looks up rows of a `[inputDim, outputDim]` weight table (MXNet `Embedding`).
    ///
    /// Data holds indices as Float32, truncated toward zero; output shape is
    /// `data.shape + [outputDim]`. The weight is `<name>_weight` unless given.
    /// An index outside `0..<inputDim` makes `forward` throw `EngineError.indexOutOfRange`.
    /// `sparseGrad` (MXNet `sparse_grad`): the weight's gradient is row-sparse, and optimizers
    /// with `lazy_update` (MXNet's default) update only the rows each batch reads, leaving the
    /// other rows and their optimizer state untouched (MXNet's lazy update; not dense Adam).
    public static func embedding(
        data: Symbol, inputDim: Int, outputDim: Int, sparseGrad: Bool = false, weight: Symbol? = nil,
        name: String? = nil
    ) -> Symbol {
        let name = name ?? SymbolNaming.nextName(for: "embedding")
        return node(.embedding(inputDim: inputDim, outputDim: outputDim, sparseGrad: sparseGrad), name: name,
                    inputs: [data, weight ?? variable(name + "_weight")])
    }

    /// A dense layer `y = x · Wᵀ + b` (MXNet `FullyConnected`, `flatten=True`): the input is
    /// flattened to `[batch, features]`; weight `[numHidden, features]`, bias `[numHidden]`;
    /// output `[batch, numHidden]`.
    public static func fullyConnected(
        data: Symbol, numHidden: Int, noBias: Bool = false, flatten: Bool = true,
        weight: Symbol? = nil, bias: Symbol? = nil, name: String? = nil
    ) -> Symbol {
        let name = name ?? SymbolNaming.nextName(for: "fullyconnected")
        var inputs = [data, weight ?? variable(name + "_weight")]
        if !noBias { inputs.append(bias ?? variable(name + "_bias")) }
        return node(.fullyConnected(numHidden: numHidden, noBias: noBias, flatten: flatten),
                    name: name, inputs: inputs)
    }

    /// An elementwise nonlinearity (MXNet `Activation(act_type=…)`); output shape = input shape.
    public static func activation(data: Symbol, type: ActivationType, name: String? = nil) -> Symbol {
        node(.activation(type), name: name, inputs: [data])
    }

    /// Joins inputs along `dimension` (MXNet `concat`, default `dim=1`); the other dimensions
    /// must agree.
    public static func concat(_ inputs: [Symbol], dimension: Int = 1, name: String? = nil) -> Symbol {
        node(.concat(dimension: dimension), name: name, inputs: inputs)
    }

    /// Reshapes `[d0, d1, …]` to `[d0, d1·d2·…]` (MXNet `flatten`); a 1-D `[d0]` becomes `[d0, 1]`.
    public static func flatten(_ data: Symbol, name: String? = nil) -> Symbol {
        node(.flatten, name: name, inputs: [data])
    }

    /// Sums over one axis (MXNet `sum_axis`/`sum(axis=)`); negative axes count from the end.
    /// Output drops that axis unless `keepDims`.
    public static func sumAxis(_ data: Symbol, axis: Int, keepDims: Bool = false, name: String? = nil) -> Symbol {
        node(.sumAxis(axis: axis, keepDims: keepDims), name: name, inputs: [data])
    }

    /// An elementwise operation between two symbols of the same shape (MXNet `_plus`, `_minus`,
    /// `_mul`, `_div`).
    public static func arithmetic(_ op: ArithmeticOperator, _ lhs: Symbol, _ rhs: Symbol, name: String? = nil) -> Symbol {
        node(.arithmetic(op), name: name, inputs: [lhs, rhs])
    }

    /// An elementwise operation with a scalar: `x op scalar`, or `scalar op x` if `scalarOnLeft`.
    public static func arithmetic(
        _ op: ArithmeticOperator, _ data: Symbol, scalar: Float, scalarOnLeft: Bool = false, name: String? = nil
    ) -> Symbol {
        // MXNet folds the commutative reversed forms into the plain scalar operators.
        let reversed = scalarOnLeft && (op == .subtract || op == .divide)
        return node(.scalarArithmetic(op, scalar: scalar, scalarOnLeft: reversed), name: name, inputs: [data])
    }

    /// `LinearRegressionOutput`: forward is the identity; backward gives `(pred − label)` per
    /// element times `gradScale / (label elements per sample)` (MXNet's scaling), ignoring head
    /// gradients. The label (`<name>_label` unless given) is reshaped to the prediction's shape.
    public static func linearRegressionOutput(
        data: Symbol, label: Symbol? = nil, gradScale: Float = 1, name: String? = nil
    ) -> Symbol {
        regressionOutput(.linear, data: data, label: label, gradScale: gradScale, name: name)
    }

    /// `MAERegressionOutput`: identity forward, gradient `sign(pred − label)` (scaled as
    /// `linearRegressionOutput`).
    public static func maeRegressionOutput(
        data: Symbol, label: Symbol? = nil, gradScale: Float = 1, name: String? = nil
    ) -> Symbol {
        regressionOutput(.meanAbsoluteError, data: data, label: label, gradScale: gradScale, name: name)
    }

    /// `LogisticRegressionOutput`: sigmoid forward, gradient `sigmoid(x) − label` (scaled as
    /// `linearRegressionOutput`).
    public static func logisticRegressionOutput(
        data: Symbol, label: Symbol? = nil, gradScale: Float = 1, name: String? = nil
    ) -> Symbol {
        regressionOutput(.logistic, data: data, label: label, gradScale: gradScale, name: name)
    }

    private static func regressionOutput(
        _ kind: RegressionKind, data: Symbol, label: Symbol?, gradScale: Float, name: String?
    ) -> Symbol {
        let name = name ?? SymbolNaming.nextName(for: Operation.regressionOutput(kind, gradScale: 1).nameHint)
        return node(.regressionOutput(kind, gradScale: gradScale), name: name,
                    inputs: [data, label ?? variable(name + "_label")])
    }

    /// `SoftmaxOutput`: softmax over the last axis of `[batch, classes]` forward; backward
    /// `(softmax − onehot(label)) · gradScale` (MXNet's `normalization='null'`). Labels are class
    /// indices as Float32, truncated; default label variable `<name>_label`.
    public static func softmaxOutput(
        data: Symbol, label: Symbol? = nil, gradScale: Float = 1, name: String? = nil
    ) -> Symbol {
        let name = name ?? SymbolNaming.nextName(for: "softmaxoutput")
        return node(.softmaxOutput(gradScale: gradScale), name: name,
                    inputs: [data, label ?? variable(name + "_label")])
    }

    /// `BatchNorm` over axis 1 with MXNet's symbol defaults (`fix_gamma=True`, momentum 0.9,
    /// eps 1e-3). Training normalises with the batch's mean and biased variance and updates the
    /// running statistics `running = running·momentum + batch·(1 − momentum)`; inference uses the
    /// running ones. With `fixGamma` the scale is 1 and gets no gradient. Parameters
    /// `<name>_gamma`, `<name>_beta`; auxiliary `<name>_moving_mean`, `<name>_moving_var`.
    public static func batchNorm(
        data: Symbol, fixGamma: Bool = true, momentum: Float = 0.9, eps: Float = 1e-3, name: String? = nil
    ) -> Symbol {
        let name = name ?? SymbolNaming.nextName(for: "batchnorm")
        return node(.batchNorm(fixGamma: fixGamma, momentum: momentum, eps: eps), name: name,
                    inputs: [data, variable(name + "_gamma"), variable(name + "_beta"),
                             variable(name + "_moving_mean"), variable(name + "_moving_var")],
                    auxiliary: [3, 4])
    }

    /// `Dropout`: in training zeroes each element with probability `probability` and scales
    /// the rest by `1 / (1 − probability)`; identity in inference (MXNet default p = 0.5).
    public static func dropout(data: Symbol, probability: Float = 0.5, name: String? = nil) -> Symbol {
        node(.dropout(probability: probability), name: name, inputs: [data])
    }

    // MARK: Operators (MXNet's Symbol.__add__ etc.)

    /// Elementwise sum of two same-shaped symbols.
    public static func + (lhs: Symbol, rhs: Symbol) -> Symbol { arithmetic(.add, lhs, rhs) }
    /// Elementwise difference of two same-shaped symbols.
    public static func - (lhs: Symbol, rhs: Symbol) -> Symbol { arithmetic(.subtract, lhs, rhs) }
    /// Elementwise product of two same-shaped symbols.
    public static func * (lhs: Symbol, rhs: Symbol) -> Symbol { arithmetic(.multiply, lhs, rhs) }
    /// Elementwise quotient of two same-shaped symbols.
    public static func / (lhs: Symbol, rhs: Symbol) -> Symbol { arithmetic(.divide, lhs, rhs) }

    /// Elementwise sum with a scalar (MXNet `_plus_scalar`).
    public static func + (lhs: Symbol, rhs: Float) -> Symbol { arithmetic(.add, lhs, scalar: rhs) }
    /// Elementwise sum of a scalar and a symbol (`scalar + x`).
    public static func + (lhs: Float, rhs: Symbol) -> Symbol { arithmetic(.add, rhs, scalar: lhs, scalarOnLeft: true) }
    /// Elementwise difference with a scalar (MXNet `_minus_scalar`).
    public static func - (lhs: Symbol, rhs: Float) -> Symbol { arithmetic(.subtract, lhs, scalar: rhs) }
    /// Elementwise difference of a scalar and a symbol (`scalar - x`).
    public static func - (lhs: Float, rhs: Symbol) -> Symbol { arithmetic(.subtract, rhs, scalar: lhs, scalarOnLeft: true) }
    /// Elementwise product with a scalar (MXNet `_mul_scalar`).
    public static func * (lhs: Symbol, rhs: Float) -> Symbol { arithmetic(.multiply, lhs, scalar: rhs) }
    /// Elementwise product of a scalar and a symbol (`scalar * x`).
    public static func * (lhs: Float, rhs: Symbol) -> Symbol { arithmetic(.multiply, rhs, scalar: lhs, scalarOnLeft: true) }
    /// Elementwise quotient with a scalar (MXNet `_div_scalar`).
    public static func / (lhs: Symbol, rhs: Float) -> Symbol { arithmetic(.divide, lhs, scalar: rhs) }
    /// Elementwise quotient of a scalar and a symbol (`scalar / x`).
    public static func / (lhs: Float, rhs: Symbol) -> Symbol { arithmetic(.divide, rhs, scalar: lhs, scalarOnLeft: true) }
}

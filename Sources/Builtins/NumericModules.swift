import Script

extension Session {
    /// Registers numpy, pandas and mxnet (with the names they are imported under).
    func registerNumericModules() {
        factories["numpy"] = { .object(NumpyModule.make()) }
        factories["numpy.random"] = { [unowned self] in
            if case .object(let numpy as ModuleObject)? = self.module(named: "numpy"), let random = numpy.member("random") { return random }
            return .none
        }
        factories["pandas"] = { .object(PandasModule.make()) }
        let logging = self.logging
        factories["mxnet"] = { .object(MXNetNamespace.make(logging: logging)) }
        for sub in ["symbol", "sym", "io", "module", "mod", "callback", "init", "initializer", "metric", "nd", "ndarray", "random"] {
            factories["mxnet.\(sub)"] = { [unowned self] in
                if case .object(let mx as ModuleObject)? = self.module(named: "mxnet"), let member = mx.member(sub) { return member }
                return .none
            }
        }
    }
}

import Script

extension Session {
    /// Registers numpy, pandas and mxnet (filled in as those layers land).
    func registerNumericModules() {}
}

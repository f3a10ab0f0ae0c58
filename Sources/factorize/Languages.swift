import Jupyter

/// The languages `--language` accepts.
let languageNames = ["factorize", "echo"]

/// The one place that turns a `--language` name into a language.
/// - Returns: nil for an unknown name.
func makeLanguage(_ name: String) -> KernelLanguage? {
    switch name {
    case "echo":
        return EchoLanguage()
    case "factorize":
        return FactorizeLanguage()
    default:
        return nil
    }
}

import Jupyter

/// The names `--language` accepts (checked before `makeLanguage` is called).
let languageNames = ["factorize", "echo"]

/// The one place that turns a `--language` name into a language; `name` is one of
/// `languageNames`.
func makeLanguage(_ name: String) -> KernelLanguage {
    switch name {
    case "echo":
        return EchoLanguage()
    default:
        // TODO(lead): FactorizeLanguage for "factorize"
        return EchoLanguage()
    }
}

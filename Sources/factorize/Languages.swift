import Jupyter

/// The names `--language` accepts (checked before `makeLanguage` is called).
let languageNames = ["factorize", "echo"]

/// The one place that turns a `--language` name into a language; `name` is one of
/// `languageNames` (anything else gets the Factorize language).
func makeLanguage(_ name: String) -> KernelLanguage {
    switch name {
    case "echo":
        return EchoLanguage()
    default:
        return FactorizeLanguage()
    }
}

// The `factorize` executable: the Jupyter kernel, its installer, and (added by the lead) the
// REPL and the headless notebook runner. See DESIGN.md, "How people use it".
import ArgumentParser

Factorize.main()

// libedit's readline-compatible API (Debian libedit-dev), for `factorize repl`.
#include <stdio.h>
#include <editline/readline.h>

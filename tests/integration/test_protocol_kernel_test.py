"""jupyter_kernel_test 0.7's standard checks against the echo kernelspec (as xeus-zmq runs them
against its mock interpreter). Tests whose attribute is empty are skipped by the base class:
the pager does not apply to the echo language."""
import jupyter_kernel_test as jkt

from conftest import ECHO_KERNEL


class EchoKernelTests(jkt.KernelTests):
    kernel_name = ECHO_KERNEL
    language_name = "python"
    file_extension = ".py"

    code_hello_world = "hello, world"
    code_stderr = "stderr:test"
    code_generate_error = "error:boom"
    code_execute_result = [{"code": "result:6", "result": "6"}, {"code": "result:[1, 4, 9]", "result": "[1, 4, 9]"}]
    code_display_data = [{"code": "display:a picture", "mime": "text/plain"}]
    code_inspect_sample = "sleep"
    code_clear_output = "clear:"
    code_history_pattern = "result:6"
    supported_history_operations = ("tail", "range", "search")

    completion_samples = [{"text": "sle", "matches": {"sleep:"}}, {"text": "zzz", "matches": set()}]
    complete_code_samples = ["hello", "result:1"]
    incomplete_code_samples = ["for x in y:", "continued \\"]


class EchoKernelWelcome(jkt.IopubWelcomeTests):
    kernel_name = ECHO_KERNEL
    support_iopub_welcome = True

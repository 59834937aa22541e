package baton.ui;

import baton.engine.RunRefused;
import baton.model.RunRequest;

/**
 * Answers to the selected job, from its panel or the timeline's menu: approve at once; reject and
 * mark done (skip) only after asking, as neither can be taken back. A refusal (the run ended
 * meanwhile) is shown in a dialog; the rest goes to the status line.
 */
record JobRequests(MainViewModel vm, DialogService dialogs) {

    void approve() {
        String job = vm.selectedJobProperty().get();
        if (job != null && vm.actions().canApproveProperty().get()) send(job, RunRequest.Kind.APPROVE, "Nothing was approved");
    }

    void reject() {
        String job = vm.selectedJobProperty().get();
        if (job == null || !vm.actions().canApproveProperty().get()) return;
        if (!dialogs.confirm("Reject", "Reject " + job + "?", "It fails and what needs it is blocked.", DialogService.REJECT)) return;
        send(job, RunRequest.Kind.REJECT, "Nothing was rejected");
    }

    void skip() {
        String job = vm.selectedJobProperty().get();
        if (job == null || !vm.actions().canSkipProperty().get()) return;
        if (!dialogs.confirm("Mark done", "Mark " + job + " done without running it?",
                "It is skipped, and what needs it goes on as if it had succeeded (without any outputs it would have made).", DialogService.MARK_DONE)) {
            return;
        }
        send(job, RunRequest.Kind.SKIP, "Nothing was marked done");
    }

    private void send(String job, RunRequest.Kind kind, String refused) {
        vm.actions().request(job, kind).exceptionally(e -> {
            if (OffFxThread.causeOf(e) instanceof RunRefused r) dialogs.error(refused, r.getMessage());
            return null;
        });
    }
}

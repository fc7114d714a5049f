from django.core.management.base import BaseCommand, CommandError

from municipal_gateway.verification import verify_all


class Command(BaseCommand):
    help = (
        "Recompute every hash chain of the access log and compare it with the chain heads and "
        "the latest signed checkpoint. Lists every altered, removed, inserted or reordered "
        "entry and every truncated chain; exits non-zero if anything is wrong."
    )

    def handle(self, *args, **options) -> None:
        report = verify_all()
        for finding in report.findings:
            self.stdout.write(str(finding))
        checkpoint = f"checkpoint {report.checkpoint_id}" if report.checkpoint_id else "none"
        summary = (
            f"{report.chains} chains, {report.entries} entries, latest checkpoint: {checkpoint}, "
            f"{len(report.findings)} problems"
        )
        if not report.ok:
            raise CommandError(f"The access log does not verify: {summary}")
        self.stdout.write(self.style.SUCCESS(f"The access log verifies: {summary}"))

"""The warnings of the parsers of plaso-atop, with any supported plaso."""


class WarningProducer:
    """Produces the warnings of a parser with any supported plaso.

    plaso 20260720 replaced ProduceExtractionWarning and ProduceRecoveryWarning
    by ProduceWarning with a recovered flag.
    """

    def __init__(self, parser_mediator):
        """Initializes a warning producer.

        Args:
          parser_mediator (ParserMediator): parser mediator.
        """
        super().__init__()
        self._produce_warning = getattr(parser_mediator, "ProduceWarning", None)
        if self._produce_warning is None:
            self._produce_extraction_warning = parser_mediator.ProduceExtractionWarning
            self._produce_recovery_warning = parser_mediator.ProduceRecoveryWarning

    def ProduceWarning(self, message, recovered=False):
        """Produces an extraction or a recovery warning.

        Args:
          message (str): message of the warning.
          recovered (Optional[bool]): True for a recovery warning.
        """
        if self._produce_warning is not None:
            self._produce_warning(message, recovered=recovered)
        elif recovered:
            self._produce_recovery_warning(message)
        else:
            self._produce_extraction_warning(message)

    def ProduceWarningAtOffset(self, offset, message, recovered=False):
        """Produces a warning about a place in the file.

        Args:
          offset (int): offset in the file.
          message (str): description of the problem.
          recovered (Optional[bool]): True for a recovery warning.
        """
        self.ProduceWarning(f"{message:s} at offset: 0x{offset:08x}", recovered)

"""The records that the reader and the tracker hand on: plain values.

A kind of record declares its attributes in its __init__, each set to None,
as plaso declares the attributes of event data; the code that makes a record
sets them by name.
"""


class ValueRecord:
    """A record of values, equal to another of the same kind and values."""

    def __eq__(self, other):
        """Determines if two records are of the same kind and values.

        Args:
          other (object): other object.

        Returns:
          bool: True if the other object is a record of the same kind with the
              same attribute values.
        """
        return type(self) is type(other) and vars(self) == vars(other)

    def __repr__(self):
        """Represents the record with its attributes.

        Returns:
          str: kind and attribute values of the record.
        """
        attributes = ", ".join(
            f"{name:s}={value!r}" for name, value in vars(self).items()
        )
        return f"{type(self).__name__:s}({attributes:s})"

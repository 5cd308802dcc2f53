"""Tests reading the user names of a passwd file."""

import unittest

from plaso_atop import passwd

from tests import test_lib


class ParsePasswdTest(test_lib.BaseTestCase):
    """Tests parsing passwd data."""

    def testFirstLineWins(self):
        """Tests that the first line of a UID names it, as getpwuid finds it."""
        data = (
            b"root:x:0:0:root:/root:/bin/bash\n"
            b"toor:x:0:0:second root:/root:/bin/sh\n"
            b"www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
        )
        self.assertEqual(passwd.ParsePasswd(data), {0: "root", 33: "www-data"})

    def testMalformedLines(self):
        """Tests that lines not of the passwd form are skipped."""
        data = (
            b"garbage\n"
            b"\x00\xff\xfe:::\n"
            b"::0:0::/:\n"
            b"+@netgroup::::::\n"
            b"-nisuser::::::\n"
            b"bad:x:notanumber:0:::\n"
            b"short:x:5:5\n"
            b"long:x:6:6:a:b:c:d\n"
            b"\n"
            b"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\r\n"
            b"\xc3(:x:7:7::/:/bin/sh\n"
            b"huge:x:" + b"9" * 5000 + b":0:::\n"
            b"overflow:x:4294967296:0:::\n"
            b"padded:x:00000000008:8:::\n"
            b"largest:x:4294967295:0:::\n"
        )
        self.assertEqual(
            passwd.ParsePasswd(data),
            {1: "daemon", 7: "\ufffd(", 8: "padded", 4294967295: "largest"},
        )

    def testLastLine(self):
        """Tests a last line without a newline, and one cut off."""
        data = b"root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/:/bin/false"
        self.assertEqual(passwd.ParsePasswd(data), {0: "root", 65534: "nobody"})
        # The start of a longer file: its last line may be cut.
        self.assertEqual(passwd.ParsePasswd(data, complete=False), {0: "root"})
        self.assertEqual(passwd.ParsePasswd(b"", complete=False), {})


if __name__ == "__main__":
    unittest.main()

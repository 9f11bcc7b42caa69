namespace dchat {}

// Placeholder so the support library is never empty.
namespace dchat::testing {}

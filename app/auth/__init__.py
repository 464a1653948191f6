"""Bearer tokens for the secretariat and for persons acting through their memberships."""

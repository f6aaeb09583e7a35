/** The server secret mixed into API-key hashes. */
export const API_KEY_PEPPER = Symbol('API_KEY_PEPPER');

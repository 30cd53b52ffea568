/** A response body as JSON, loosely typed: tests assert on its shape. */
export const json = async (res: Response): Promise<any> => res.json();
